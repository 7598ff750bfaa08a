package dev.keyportal.keys;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Embeddable;

import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.KeyTerms;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An issued key's terms as columns: the models and a column per {@link KeyParameter}, except the lifetime, which
 * became the key's expiry when LiteLLM created it.
 */
@Embeddable
class IssuedTerms {

    @JdbcTypeCode(SqlTypes.ARRAY)
    private String[] models;

    private BigDecimal maxBudget;

    private String budgetDuration;

    private Integer rpmLimit;

    private Integer tpmLimit;

    private Integer maxParallelRequests;

    protected IssuedTerms() {
    }

    IssuedTerms(KeyTerms terms) {
        models = terms.models().toArray(String[]::new);
        maxBudget = (BigDecimal) terms.get(KeyParameter.MAX_BUDGET);
        budgetDuration = (String) terms.get(KeyParameter.BUDGET_DURATION);
        rpmLimit = (Integer) terms.get(KeyParameter.RPM_LIMIT);
        tpmLimit = (Integer) terms.get(KeyParameter.TPM_LIMIT);
        maxParallelRequests = (Integer) terms.get(KeyParameter.MAX_PARALLEL_REQUESTS);
    }

    KeyTerms toTerms() {
        Map<KeyParameter, Object> values = new EnumMap<>(KeyParameter.class);
        for (KeyParameter parameter : KeyParameter.ALL) {
            values.put(parameter, switch (parameter) {
                case MAX_BUDGET -> maxBudget;
                case BUDGET_DURATION -> budgetDuration;
                case DURATION -> null;
                case RPM_LIMIT -> rpmLimit;
                case TPM_LIMIT -> tpmLimit;
                case MAX_PARALLEL_REQUESTS -> maxParallelRequests;
            });
        }
        return new KeyTerms(List.of(models), values);
    }

    BigDecimal maxBudget() {
        return maxBudget;
    }

    void budget(BigDecimal newBudget) {
        this.maxBudget = newBudget;
    }
}
