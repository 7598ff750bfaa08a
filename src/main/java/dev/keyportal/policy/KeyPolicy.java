package dev.keyportal.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
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

    String team() {
        return team;
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
