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
import dev.keyportal.keys.IssuedKeys;
import dev.keyportal.litellm.LiteLlmException;
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

    Reviews(ApprovalQueue queue, PendingRequests pending, Policies policies, IssuedKeys issuedKeys,
            LiteLlmGateway liteLlm, PortalUsers users) {
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

    /** Reviews of every request in this person's queue. */
    @Transactional(readOnly = true)
    List<Review> reviewsFor(PortalUser approver) {
        return queue.queueFor(approver).stream().map(request -> review(approver, request)).toList();
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

    /** What the person's keys have spent, as LiteLLM says now; null when LiteLLM does not answer. */
    private BigDecimal spendOf(PortalUser person) {
        try {
            return liteLlm.keysOfUser(person.litellmUserId()).stream()
                    .map(key -> key.spend() == null ? BigDecimal.ZERO : key.spend())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        } catch (LiteLlmException e) {
            return null;
        }
    }
}
