package dev.keyportal.keyrequest;

import jakarta.persistence.Embeddable;

import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.KeyTerms;
import dev.keyportal.policy.TermsColumns;

/**
 * A request's terms as columns, lifetime included. A request holds them twice, as granted and (with the
 * {@code asked_} columns) as asked.
 */
@Embeddable
class StoredTerms extends TermsColumns {

    private String duration;

    protected StoredTerms() {
    }

    StoredTerms(KeyTerms terms) {
        super(terms);
        duration = (String) terms.get(KeyParameter.DURATION);
    }

    KeyTerms toTerms() {
        return toTerms(duration);
    }
}
