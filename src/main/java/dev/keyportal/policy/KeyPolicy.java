package dev.keyportal.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.keyportal.policy.Policy.Limit;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A stored policy row: global ({@code team} null) or a team's override. */
@Entity
@Table(name = "key_policy")
class KeyPolicy {

    @Id
    private UUID id;

    private String team;

    private int policyVersion;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private String[] defaultModels;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private String[] approvalModels;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private String[] forbiddenModels;

    private BigDecimal defaultMaxBudget;
    private BigDecimal ceilingMaxBudget;
    private BigDecimal boundMaxBudget;
    private String defaultBudgetDuration;
    private String ceilingBudgetDuration;
    private String boundBudgetDuration;
    private String defaultDuration;
    private String ceilingDuration;
    private String boundDuration;
    private Integer defaultRpmLimit;
    private Integer ceilingRpmLimit;
    private Integer boundRpmLimit;
    private Integer defaultTpmLimit;
    private Integer ceilingTpmLimit;
    private Integer boundTpmLimit;

    @Column(name = "default_max_parallel")
    private Integer defaultMaxParallel;

    @Column(name = "ceiling_max_parallel")
    private Integer ceilingMaxParallel;

    @Column(name = "bound_max_parallel")
    private Integer boundMaxParallel;

    private int maxKeysPerPerson;
    private BigDecimal maxTotalBudgetPerPerson;
    private boolean requireExpiry;
    private Instant updatedAt;

    @Version
    private long version;

    protected KeyPolicy() {
    }

    /** A team's own policy, version 1, starting from the given values (a copy of the global policy's). */
    static KeyPolicy teamOverride(String team, PolicyValues values, Instant now) {
        Objects.requireNonNull(team, "a team override needs a team");
        KeyPolicy policy = new KeyPolicy();
        policy.id = UUID.randomUUID();
        policy.team = team;
        policy.policyVersion = 1;
        policy.apply(values, now);
        return policy;
    }

    /**
     * Takes new values as the next version. Values that break the policy's own rules are refused here too, so no
     * caller can store an incoherent policy. Keys already issued are not touched: the policy only judges what
     * comes next.
     */
    void update(PolicyValues values, Instant now) {
        apply(values, now);
        policyVersion++;
    }

    private void apply(PolicyValues values, Instant now) {
        Map<String, String> problems = PolicyRules.problems(values, null);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Incoherent policy values: " + problems);
        }
        defaultModels = values.defaultModels().toArray(String[]::new);
        approvalModels = values.approvalModels().toArray(String[]::new);
        forbiddenModels = values.forbiddenModels().toArray(String[]::new);
        for (KeyParameter parameter : KeyParameter.ALL) {
            setLimit(parameter, values.limit(parameter));
        }
        maxKeysPerPerson = values.maxKeysPerPerson();
        maxTotalBudgetPerPerson = values.maxTotalBudgetPerPerson();
        requireExpiry = values.requireExpiry();
        updatedAt = now;
    }

    UUID id() {
        return id;
    }

    String team() {
        return team;
    }

    int policyVersion() {
        return policyVersion;
    }

    /** The optimistic-locking version: an admin's form carries it, so a save over someone else's is noticed. */
    long version() {
        return version;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    PolicyValues values() {
        return PolicyValues.of(toPolicy());
    }

    Policy toPolicy() {
        Map<KeyParameter, Limit<?>> limits = new EnumMap<>(KeyParameter.class);
        for (KeyParameter parameter : KeyParameter.ALL) {
            limits.put(parameter, limit(parameter));
        }
        return new Policy(id, team, policyVersion, List.of(defaultModels), List.of(approvalModels),
                List.of(forbiddenModels), limits, maxKeysPerPerson, maxTotalBudgetPerPerson, requireExpiry);
    }

    /** A parameter's default, ceiling and bound from their columns. */
    private Limit<?> limit(KeyParameter parameter) {
        return switch (parameter) {
            case MAX_BUDGET -> new Limit<>(defaultMaxBudget, ceilingMaxBudget, boundMaxBudget);
            case BUDGET_DURATION -> new Limit<>(defaultBudgetDuration, ceilingBudgetDuration, boundBudgetDuration);
            case DURATION -> new Limit<>(defaultDuration, ceilingDuration, boundDuration);
            case RPM_LIMIT -> new Limit<>(defaultRpmLimit, ceilingRpmLimit, boundRpmLimit);
            case TPM_LIMIT -> new Limit<>(defaultTpmLimit, ceilingTpmLimit, boundTpmLimit);
            case MAX_PARALLEL_REQUESTS -> new Limit<>(defaultMaxParallel, ceilingMaxParallel, boundMaxParallel);
        };
    }

    private void setLimit(KeyParameter parameter, Limit<?> limit) {
        switch (parameter) {
            case MAX_BUDGET -> {
                defaultMaxBudget = (BigDecimal) limit.defaultValue();
                ceilingMaxBudget = (BigDecimal) limit.ceiling();
                boundMaxBudget = (BigDecimal) limit.bound();
            }
            case BUDGET_DURATION -> {
                defaultBudgetDuration = (String) limit.defaultValue();
                ceilingBudgetDuration = (String) limit.ceiling();
                boundBudgetDuration = (String) limit.bound();
            }
            case DURATION -> {
                defaultDuration = (String) limit.defaultValue();
                ceilingDuration = (String) limit.ceiling();
                boundDuration = (String) limit.bound();
            }
            case RPM_LIMIT -> {
                defaultRpmLimit = (Integer) limit.defaultValue();
                ceilingRpmLimit = (Integer) limit.ceiling();
                boundRpmLimit = (Integer) limit.bound();
            }
            case TPM_LIMIT -> {
                defaultTpmLimit = (Integer) limit.defaultValue();
                ceilingTpmLimit = (Integer) limit.ceiling();
                boundTpmLimit = (Integer) limit.bound();
            }
            case MAX_PARALLEL_REQUESTS -> {
                defaultMaxParallel = (Integer) limit.defaultValue();
                ceilingMaxParallel = (Integer) limit.ceiling();
                boundMaxParallel = (Integer) limit.bound();
            }
        }
    }
}
