package dev.keyportal.policy;

import java.math.BigDecimal;
import java.time.Instant;
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
        defaultMaxBudget = values.maxBudget().defaultValue();
        ceilingMaxBudget = values.maxBudget().ceiling();
        boundMaxBudget = values.maxBudget().bound();
        defaultBudgetDuration = values.budgetDuration().defaultValue();
        ceilingBudgetDuration = values.budgetDuration().ceiling();
        boundBudgetDuration = values.budgetDuration().bound();
        defaultDuration = values.duration().defaultValue();
        ceilingDuration = values.duration().ceiling();
        boundDuration = values.duration().bound();
        defaultRpmLimit = values.rpmLimit().defaultValue();
        ceilingRpmLimit = values.rpmLimit().ceiling();
        boundRpmLimit = values.rpmLimit().bound();
        defaultTpmLimit = values.tpmLimit().defaultValue();
        ceilingTpmLimit = values.tpmLimit().ceiling();
        boundTpmLimit = values.tpmLimit().bound();
        defaultMaxParallel = values.maxParallelRequests().defaultValue();
        ceilingMaxParallel = values.maxParallelRequests().ceiling();
        boundMaxParallel = values.maxParallelRequests().bound();
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
        return new Policy(id, team, policyVersion, List.of(defaultModels), List.of(approvalModels),
                List.of(forbiddenModels), new Limit<>(defaultMaxBudget, ceilingMaxBudget, boundMaxBudget),
                new Limit<>(defaultBudgetDuration, ceilingBudgetDuration, boundBudgetDuration),
                new Limit<>(defaultDuration, ceilingDuration, boundDuration),
                new Limit<>(defaultRpmLimit, ceilingRpmLimit, boundRpmLimit),
                new Limit<>(defaultTpmLimit, ceilingTpmLimit, boundTpmLimit),
                new Limit<>(defaultMaxParallel, ceilingMaxParallel, boundMaxParallel), maxKeysPerPerson,
                maxTotalBudgetPerPerson, requireExpiry);
    }
}
