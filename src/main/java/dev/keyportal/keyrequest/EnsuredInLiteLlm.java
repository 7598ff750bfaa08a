package dev.keyportal.keyrequest;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What issuing has already made sure of in LiteLLM: that a person's LiteLLM user exists, and that they are a member
 * of a team ({@code litellm_ensured}). Their next key then goes straight to {@code /key/generate}. Entries are
 * trusted for {@code portal.issuing.ensure-again-after} (a day), then checked again.
 */
@Component
class EnsuredInLiteLlm {

    /** The team id of the entry that stands for the user itself. */
    static final String USER = "";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration trustFor;

    EnsuredInLiteLlm(JdbcClient jdbc, Clock clock,
            @Value("${portal.issuing.ensure-again-after:1d}") Duration trustFor) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.trustFor = trustFor;
    }

    /** The recently ensured entries of this LiteLLM user: {@link #USER} for the user, and team ids. */
    Set<String> of(String litellmUserId) {
        return new HashSet<>(jdbc.sql("""
                select team_id from litellm_ensured where litellm_user_id = :user and ensured_at > :since""")
                .param("user", litellmUserId)
                .param("since", Timestamp.from(clock.instant().minus(trustFor)))
                .query(String.class).list());
    }

    /** Notes that LiteLLM has the user ({@code teamId} {@link #USER}) or its membership of the team. */
    void remember(String litellmUserId, String teamId) {
        jdbc.sql("""
                insert into litellm_ensured (litellm_user_id, team_id, ensured_at) values (:user, :team, :at)
                on conflict (litellm_user_id, team_id) do update set ensured_at = excluded.ensured_at""")
                .param("user", litellmUserId)
                .param("team", teamId)
                .param("at", Timestamp.from(clock.instant()))
                .update();
    }
}
