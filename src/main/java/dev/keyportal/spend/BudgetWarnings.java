package dev.keyportal.spend;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * After each spend sync, finds the live keys that crossed {@value #PERCENT}% of their budget and announces each
 * once per budget period ({@link KeyNearBudget}); the claim is a row in {@code budget_warning}, so with several
 * instances, and over repeated syncs, an owner hears of it once.
 */
@Component
public class BudgetWarnings {

    public static final int PERCENT = 80;

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    BudgetWarnings(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** Claims and announces every key newly at or above the line; returns how many. */
    @Transactional
    public int warn() {
        List<KeyNearBudget> crossed = jdbc.sql("""
                with near as (
                    select b.token_hash, b.spend, b.max_budget, b.budget_reset_at, k.key_id, k.owner_id, k.key_alias,
                           coalesce(to_char(b.budget_reset_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS'), 'never')
                               || ' ' || b.max_budget::text as period
                    from key_budget_state b
                    join key_owner_view k on k.token_hash = b.token_hash and k.live and k.owner_id is not null
                    where b.max_budget > 0 and b.spend >= b.max_budget * :share
                ), claimed as (
                    insert into budget_warning (token_hash, period, warned_at)
                    select token_hash, period, :now from near
                    on conflict do nothing
                    returning token_hash, period
                )
                select n.key_id, n.owner_id, n.key_alias, n.spend, n.max_budget, n.budget_reset_at
                from near n join claimed c on c.token_hash = n.token_hash and c.period = n.period
                order by n.key_alias""")
                .param("share", PERCENT / 100.0).param("now", Timestamp.from(clock.instant()))
                .query((rs, n) -> new KeyNearBudget(rs.getObject("key_id", UUID.class),
                        rs.getObject("owner_id", UUID.class), rs.getString("key_alias"), rs.getBigDecimal("spend"),
                        rs.getBigDecimal("max_budget"), rs.getTimestamp("budget_reset_at") == null ? null
                                : rs.getTimestamp("budget_reset_at").toInstant()))
                .list();
        crossed.forEach(events::publishEvent);
        return crossed.size();
    }
}
