package dev.keyportal.policy;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.MappedSuperclass;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Key terms as table columns: the models and one column per {@link KeyParameter} but the lifetime, whose column
 * only some tables have. The embeddables of requests and issued keys extend it; a new parameter gets its field
 * and its two lines here.
 */
@MappedSuperclass
public abstract class TermsColumns {

    @JdbcTypeCode(SqlTypes.ARRAY)
    private String[] models;

    private BigDecimal maxBudget;

    private String budgetDuration;

    private Integer rpmLimit;

    private Integer tpmLimit;

    private Integer maxParallelRequests;

    protected TermsColumns() {
    }

    protected TermsColumns(KeyTerms terms) {
        models = terms.models().toArray(String[]::new);
        maxBudget = (BigDecimal) terms.get(KeyParameter.MAX_BUDGET);
        budgetDuration = (String) terms.get(KeyParameter.BUDGET_DURATION);
        rpmLimit = (Integer) terms.get(KeyParameter.RPM_LIMIT);
        tpmLimit = (Integer) terms.get(KeyParameter.TPM_LIMIT);
        maxParallelRequests = (Integer) terms.get(KeyParameter.MAX_PARALLEL_REQUESTS);
    }

    /** The terms these columns hold, with {@code lifetime} as the key's lifetime (null where there is none). */
    protected KeyTerms toTerms(String lifetime) {
        Map<KeyParameter, Object> values = new EnumMap<>(KeyParameter.class);
        for (KeyParameter parameter : KeyParameter.ALL) {
            values.put(parameter, switch (parameter) {
                case MAX_BUDGET -> maxBudget;
                case BUDGET_DURATION -> budgetDuration;
                case DURATION -> lifetime;
                case RPM_LIMIT -> rpmLimit;
                case TPM_LIMIT -> tpmLimit;
                case MAX_PARALLEL_REQUESTS -> maxParallelRequests;
            });
        }
        return new KeyTerms(List.of(models), values);
    }

    protected BigDecimal maxBudget() {
        return maxBudget;
    }

    protected void budget(BigDecimal newBudget) {
        this.maxBudget = newBudget;
    }
}
