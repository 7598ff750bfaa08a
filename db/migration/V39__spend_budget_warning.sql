-- Keys whose owner was told they used 80% of the budget: once per budget period. The period is the budget's next
-- reset together with the budget itself, so a reset or a raised budget allows a new warning, a repeated sync
-- never a second one.
create table budget_warning (
    token_hash varchar(64)  not null,
    period     varchar(100) not null,
    warned_at  timestamptz  not null,
    primary key (token_hash, period)
);
