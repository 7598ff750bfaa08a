package dev.keyportal.spend;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.keyportal.keys.IssuedKeyView;
import dev.keyportal.litellm.DailySpend;
import dev.keyportal.litellm.KeyState;
import dev.keyportal.keys.IssuedKeys;
import dev.keyportal.litellm.LiteLlmException;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.security.PortalUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Copies spend from LiteLLM into {@code spend_daily}, a day at a time, from the day before the last one synced
 * (which may have grown since) up to today. It reads LiteLLM's daily table ({@code /user/daily/activity}, paged),
 * which holds a row per key and model and day, rather than the request logs; a day LiteLLM spreads over several
 * pages is read again key by key (its paging is not stable, see {@link LiteLlmGateway#spendOn(LocalDate,
 * java.util.Collection)}). Each day is replaced as a whole in one
 * transaction, with its summaries, so a run can be repeated safely; when LiteLLM fails the run stops and the
 * dashboards keep the last data with its "as of" time.
 */
@Service
public class SpendSync {

    private static final Logger log = LoggerFactory.getLogger(SpendSync.class);
    static final int FIRST_RUN_DAYS = 30;
    /** Keys looked up per query (Postgres takes at most 65,535 parameters in one statement). */
    private static final int KEY_LOOKUP_CHUNK = 5_000;

    private final LiteLlmGateway liteLlm;
    private final IssuedKeys issuedKeys;
    private final JdbcClient jdbc;
    /** For the batch inserts, which {@link JdbcClient} does not do. */
    private final NamedParameterJdbcOperations batch;
    private final TransactionTemplate transaction;
    private final Clock clock;

    SpendSync(LiteLlmGateway liteLlm, IssuedKeys issuedKeys, JdbcClient jdbc, NamedParameterJdbcOperations batch,
            TransactionTemplate transaction, Clock clock) {
        this.liteLlm = liteLlm;
        this.issuedKeys = issuedKeys;
        this.jdbc = jdbc;
        this.batch = batch;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** What a run did. */
    public record Result(int days, int rows, boolean complete) {
    }

    public Result sync() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate from = syncedThrough().map(day -> day.minusDays(1)).orElse(today.minusDays(FIRST_RUN_DAYS));
        int days = 0;
        int rows = 0;
        // every key LiteLLM listed at the last budget refresh, for days LiteLLM can only page unreliably
        List<String> knownKeys = jdbc.sql("select token_hash from key_budget_state").query(String.class).list();
        for (LocalDate day = from; !day.isAfter(today); day = day.plusDays(1)) {
            List<DailySpend> entries;
            try {
                entries = liteLlm.spendOn(day, knownKeys);
            } catch (LiteLlmException e) {
                log.warn("Spend sync stopped at {}: LiteLLM {}; dashboards keep the data they have", day, e.kind());
                return new Result(days, rows, false);
            }
            rows += replaceDay(day, entries);
            days++;
        }
        int budgets;
        try {
            budgets = refreshBudgets();
        } catch (LiteLlmException e) {
            log.warn("Spend sync: budgets not refreshed: LiteLLM {}; the last known ones stay", e.kind());
            return new Result(days, rows, false);
        }
        log.info("Spend sync: {} day(s), {} row(s) through {}, {} key budget(s)", days, rows, today, budgets);
        return new Result(days, rows, true);
    }

    /**
     * Records every key's current spend and budget from LiteLLM's key list, a page per transaction; keys LiteLLM no
     * longer lists are dropped once the whole list was read.
     */
    private int refreshBudgets() {
        Timestamp seen = Timestamp.from(clock.instant());
        int[] count = {0};
        liteLlm.forEachKeyPage(page -> count[0] += recordBudgets(page, seen));
        jdbc.sql("delete from key_budget_state where seen_at < :seen").param("seen", seen).update();
        return count[0];
    }

    /**
     * Copies one person's keys' spend and budget from LiteLLM now ("refresh now" on My keys). Throws
     * {@link LiteLlmException} when LiteLLM does not answer; the copy then stays as it was.
     */
    public int refreshBudgetsOf(PortalUser person) {
        return recordBudgets(liteLlm.keysOfUser(person.litellmUserId()), Timestamp.from(clock.instant()));
    }

    private int recordBudgets(List<KeyState> keys, Timestamp seen) {
        SqlParameterSource[] rows = keys.stream().filter(key -> key.tokenHash() != null)
                .map(key -> new MapSqlParameterSource()
                        .addValue("tokenHash", key.tokenHash())
                        .addValue("spend", key.spend() == null ? BigDecimal.ZERO : key.spend())
                        .addValue("maxBudget", key.maxBudget())
                        .addValue("softBudget", key.softBudget())
                        .addValue("resetAt", key.budgetResetAt() == null ? null : Timestamp.from(key.budgetResetAt()))
                        .addValue("blocked", key.blocked())
                        .addValue("seen", seen))
                .toArray(SqlParameterSource[]::new);
        transaction.executeWithoutResult(status -> batch.batchUpdate("""
                insert into key_budget_state (token_hash, spend, max_budget, soft_budget, budget_reset_at, blocked,
                    seen_at)
                values (:tokenHash, :spend, :maxBudget, :softBudget, :resetAt, :blocked, :seen)
                on conflict (token_hash) do update set spend = excluded.spend, max_budget = excluded.max_budget,
                    soft_budget = excluded.soft_budget, budget_reset_at = excluded.budget_reset_at,
                    blocked = excluded.blocked, seen_at = excluded.seen_at""", rows));
        return rows.length;
    }

    private Optional<LocalDate> syncedThrough() {
        return jdbc.sql("select synced_through from spend_sync where name = 'spend'").query(LocalDate.class)
                .optional();
    }

    private int replaceDay(LocalDate day, List<DailySpend> entries) {
        Map<List<String>, Totals> byKeyAndModel = new LinkedHashMap<>();
        for (DailySpend entry : entries) {
            byKeyAndModel.computeIfAbsent(List.of(entry.tokenHash(), entry.model() == null ? "unknown" : entry.model()),
                    k -> new Totals()).add(entry);
        }
        List<String> hashes = byKeyAndModel.keySet().stream().map(k -> k.get(0)).distinct().toList();
        Map<String, IssuedKeyView> keys = new HashMap<>();
        for (int i = 0; i < hashes.size(); i += KEY_LOOKUP_CHUNK) {
            keys.putAll(issuedKeys.byHashes(hashes.subList(i, Math.min(hashes.size(), i + KEY_LOOKUP_CHUNK))));
        }
        List<SqlParameterSource> rows = new ArrayList<>();
        byKeyAndModel.forEach((keyAndModel, totals) -> {
            IssuedKeyView key = keys.get(keyAndModel.get(0));
            rows.add(new MapSqlParameterSource()
                    .addValue("day", day)
                    .addValue("tokenHash", keyAndModel.get(0))
                    .addValue("model", keyAndModel.get(1))
                    .addValue("keyId", key == null ? null : key.id())
                    .addValue("ownerId", key == null ? null : key.ownerId())
                    .addValue("team", key == null ? null : key.team())
                    .addValue("spend", totals.spend)
                    .addValue("requests", totals.requests)
                    .addValue("tokens", totals.tokens));
        });
        transaction.executeWithoutResult(status -> {
            jdbc.sql("delete from spend_daily where day = :day").param("day", day).update();
            batch.batchUpdate("""
                    insert into spend_daily (day, token_hash, model, key_id, owner_id, team, spend, requests, tokens)
                    values (:day, :tokenHash, :model, :keyId, :ownerId, :team, :spend, :requests, :tokens)""",
                    rows.toArray(SqlParameterSource[]::new));
            summarise(day);
            jdbc.sql("""
                    insert into spend_sync (name, synced_through, synced_at) values ('spend', :day, :at)
                    on conflict (name) do update set synced_through = excluded.synced_through,
                                                     synced_at = excluded.synced_at""")
                    .param("day", day).param("at", Timestamp.from(clock.instant())).update();
        });
        return rows.size();
    }

    /** Rewrites the summaries of one day (and of its ISO week) from its spend_daily rows. */
    void summarise(LocalDate day) {
        for (String statement : SUMMARISE) {
            jdbc.sql(statement).param("day", day).update();
        }
    }

    private static final List<String> SUMMARISE = List.of(
            "delete from spend_owner_daily where day = :day",
            """
            insert into spend_owner_daily
            select day, owner_id, team, sum((spend * 1000000)::bigint), sum(requests), sum(tokens)
            from spend_daily where day = :day group by day, owner_id, team""",
            "delete from spend_team_daily where day = :day",
            """
            insert into spend_team_daily
            select day, team, sum(spend_micros), sum(requests), sum(tokens)
            from spend_owner_daily where day = :day group by day, team""",
            "delete from spend_team_model_daily where day = :day",
            """
            insert into spend_team_model_daily
            select day, team, model, sum((spend * 1000000)::bigint), sum(requests), sum(tokens)
            from spend_daily where day = :day group by day, team, model""",
            "delete from spend_model_daily where day = :day",
            """
            insert into spend_model_daily
            select day, model, sum((spend * 1000000)::bigint), sum(requests), sum(tokens)
            from spend_daily where day = :day group by day, model""",
            "delete from spend_owner_weekly where week = date_trunc('week', cast(:day as date))::date",
            """
            insert into spend_owner_weekly
            select date_trunc('week', day)::date, owner_id, team, sum(spend_micros), sum(requests), sum(tokens)
            from spend_owner_daily
            where day between date_trunc('week', cast(:day as date))::date
                          and date_trunc('week', cast(:day as date))::date + 6
            group by 1, owner_id, team""");

    private static final class Totals {
        BigDecimal spend = BigDecimal.ZERO;
        long requests;
        long tokens;

        void add(DailySpend entry) {
            spend = spend.add(entry.spend());
            requests += entry.requests();
            tokens += entry.tokens();
        }
    }
}
