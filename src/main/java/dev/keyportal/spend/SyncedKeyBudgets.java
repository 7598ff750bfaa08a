package dev.keyportal.spend;

import java.util.Collection;
import java.util.Map;

import dev.keyportal.keys.KeyBudgetState;
import dev.keyportal.keys.KeyBudgetStates;
import dev.keyportal.litellm.LiteLlmException;
import dev.keyportal.security.PortalUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/** The keys module's view of {@code key_budget_state}: the copy the spend sync keeps, and a person's refresh. */
@Service
class SyncedKeyBudgets implements KeyBudgetStates {

    private static final Logger log = LoggerFactory.getLogger(SyncedKeyBudgets.class);

    private final SpendQueries queries;
    private final SpendSync sync;

    SyncedKeyBudgets(SpendQueries queries, SpendSync sync) {
        this.queries = queries;
        this.sync = sync;
    }

    @Override
    public Map<String, KeyBudgetState> of(Collection<String> tokenHashes) {
        return queries.budgetStates(tokenHashes);
    }

    @Override
    public boolean refresh(PortalUser person) {
        try {
            sync.refreshBudgetsOf(person);
            return true;
        } catch (LiteLlmException e) {
            log.warn("Refreshing a person's key budgets: LiteLLM {}; the copy stays as it was", e.kind());
            return false;
        }
    }
}
