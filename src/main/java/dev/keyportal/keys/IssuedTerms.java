package dev.keyportal.keys;

import java.math.BigDecimal;

import jakarta.persistence.Embeddable;

import dev.keyportal.policy.KeyTerms;
import dev.keyportal.policy.TermsColumns;

/** An issued key's terms as columns; it has no lifetime, which became its expiry when LiteLLM created it. */
@Embeddable
class IssuedTerms extends TermsColumns {

    protected IssuedTerms() {
    }

    IssuedTerms(KeyTerms terms) {
        super(terms);
    }

    KeyTerms toTerms() {
        return toTerms(null);
    }

    @Override
    protected BigDecimal maxBudget() {
        return super.maxBudget();
    }

    @Override
    protected void budget(BigDecimal newBudget) {
        super.budget(newBudget);
    }
}
