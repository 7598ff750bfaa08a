package dev.keyportal.approval;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.keyportal.keyrequest.KeyRequestView;
import dev.keyportal.keyrequest.PendingRequests;
import dev.keyportal.keys.IssuedKeyView;
import dev.keyportal.keys.IssuedKeys;
import dev.keyportal.keys.KeyBudgetState;
import dev.keyportal.keys.KeyBudgetStates;
import dev.keyportal.litellm.LiteLlmGateway;
import dev.keyportal.litellm.ModelCatalog;
import dev.keyportal.policy.Band;
import dev.keyportal.policy.Policies;
import dev.keyportal.policy.Policy;
import dev.keyportal.policy.PolicyVerdict;
import dev.keyportal.security.PortalUser;
import dev.keyportal.security.PortalUsers;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Builds the {@link Review}s of the queue and the review page. */
@Service
class Reviews {

    private final ApprovalQueue queue;
    private final PendingRequests pending;
    private final Policies policies;
    private final IssuedKeys issuedKeys;
    private final LiteLlmGateway liteLlm;
    private final PortalUsers users;
    private final KeyBudgetStates budgets;

    Reviews(ApprovalQueue queue, PendingRequests pending, Policies policies, IssuedKeys issuedKeys,
            LiteLlmGateway liteLlm, PortalUsers users, KeyBudgetStates budgets) {
        this.budgets = budgets;
        this.queue = queue;
        this.pending = pending;
        this.policies = policies;
        this.issuedKeys = issuedKeys;
        this.liteLlm = liteLlm;
        this.users = users;
    }

    /** One request this approver may see, judged again against its team's policy as it is now. */
    @Transactional(readOnly = true)
    Review review(PortalUser approver, UUID id) {
        return review(approver, queue.visible(approver, id));
    }

    /** Reviews of a page (0-based) of this person's queue, oldest first. */
    @Transactional(readOnly = true)
    List<Review> reviewsFor(PortalUser approver, int page, int size) {
        return queue.queueFor(approver, page, size).stream().map(request -> review(approver, request)).toList();
    }

    private Review review(PortalUser approver, KeyRequestView request) {
        Policy policy = policies.forTeam(request.team());
        ModelCatalog catalog = liteLlm.models();
        PolicyVerdict verdict = policy.judge(request.asked(), catalog, pending.usageBesides(request));
        Map<String, Band> bands = new LinkedHashMap<>();
        verdict.fields().forEach((field, fieldVerdict) -> bands.put(field, fieldVerdict.band()));
        Map<String, String> reasons = new LinkedHashMap<>(verdict.approvalReasons());
        reasons.putAll(verdict.refusals());
        Optional<PortalUser> requester = users.find(request.requesterId(), Set.of());
        return new Review(request, requester.map(PortalUser::displayName).orElse("unknown"), policy, bands,
                reasons, issuedKeys.holdingsOf(request.requesterId()),
                requester.map(this::spendOf).orElse(null), request.requesterId().equals(approver.id()));
    }

    /**
     * What the person's live keys have spent, as the portal last copied it from LiteLLM (no LiteLLM call per
     * request in the queue); null while a key's spend was not copied yet.
     */
    private BigDecimal spendOf(PortalUser person) {
        List<String> hashes = issuedKeys.ownedBy(person).stream().filter(IssuedKeyView::live)
                .map(IssuedKeyView::tokenHash).filter(java.util.Objects::nonNull).toList();
        Map<String, KeyBudgetState> copied = budgets.of(hashes);
        if (copied.size() < hashes.size()) {
            return null;
        }
        return copied.values().stream().map(state -> state.spend() == null ? BigDecimal.ZERO : state.spend())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
