package dev.keyportal.keyrequest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import dev.keyportal.audit.Actor;
import dev.keyportal.audit.AuditEntry;
import dev.keyportal.keys.IssuedKeyView;
import dev.keyportal.keys.KeyStatus;
import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.KeyTerms;
import dev.keyportal.policy.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.keyportal.keyrequest.RequestStatus.APPROVED;
import static dev.keyportal.keyrequest.RequestStatus.CANCELLED;
import static dev.keyportal.keyrequest.RequestStatus.DENIED;
import static dev.keyportal.keyrequest.RequestStatus.EXPIRED;
import static dev.keyportal.keyrequest.RequestStatus.FAILED;
import static dev.keyportal.keyrequest.RequestStatus.ISSUED;
import static dev.keyportal.keyrequest.RequestStatus.ISSUING;
import static dev.keyportal.keyrequest.RequestStatus.PENDING_APPROVAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

/** Every transition of a request, from every status: where it is allowed, what it records, and where it is refused. */
class KeyRequestTransitionTests {

    private static final Instant CREATED = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant LATER = CREATED.plusSeconds(3600);
    private static final UUID REQUESTER = UUID.randomUUID();
    private static final Actor PERSON = new Actor(REQUESTER, "Alice");
    private static final KeyRequest.Decider BOB = new KeyRequest.Decider(UUID.randomUUID(), "Bob", "bob@example.com");

    /** Each transition, applied with ordinary arguments. */
    enum Transition {
        APPROVE(PENDING_APPROVAL) {
            KeyRequest.Change apply(KeyRequest request) {
                return request.approve(BOB, terms(new BigDecimal("20")), "ok", LATER);
            }
        },
        DENY(PENDING_APPROVAL) {
            KeyRequest.Change apply(KeyRequest request) {
                return request.deny(BOB, "not now", LATER);
            }
        },
        CANCEL(PENDING_APPROVAL, APPROVED) {
            KeyRequest.Change apply(KeyRequest request) {
                return request.cancel(PERSON, LATER);
            }
        },
        EXPIRE(PENDING_APPROVAL, APPROVED) {
            KeyRequest.Change apply(KeyRequest request) {
                return request.expire("too late", LATER);
            }
        },
        COLLECT(APPROVED) {
            KeyRequest.Change apply(KeyRequest request) {
                return request.collect(PERSON, LATER);
            }
        },
        ISSUE(ISSUING) {
            KeyRequest.Change apply(KeyRequest request) {
                return request.issued(PERSON, key(request), LATER);
            }
        },
        FAIL(ISSUING) {
            KeyRequest.Change apply(KeyRequest request) {
                return request.failed(PERSON, "LiteLLM said no", LATER);
            }
        },
        APPLY() {
            KeyRequest.Change apply(KeyRequest request) {
                return request.applied(PERSON, new BigDecimal("10"), LATER);
            }
        };

        /** The statuses of a new-key request this transition starts from. */
        final Set<RequestStatus> from;

        Transition(RequestStatus... from) {
            this.from = from.length == 0 ? EnumSet.noneOf(RequestStatus.class) : EnumSet.of(from[0], from);
        }

        abstract KeyRequest.Change apply(KeyRequest request);
    }

    @ParameterizedTest
    @EnumSource(Transition.class)
    void eachTransitionIsRefusedFromEveryOtherStatusAndChangesNothing(Transition transition) {
        for (RequestStatus status : RequestStatus.values()) {
            if (transition.from.contains(status)) {
                continue;
            }
            KeyRequest request = newKeyRequestIn(status);
            Map<String, Object> before = request.auditValues();

            assertThatIllegalStateException().as("%s from %s", transition, status)
                    .isThrownBy(() -> transition.apply(request)).withMessageContaining(status.name());
            assertThat(request.status()).isEqualTo(status);
            assertThat(request.auditValues()).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(RequestStatus.class)
    void predicatesSayWhichTransitionsAreAllowedInEachStatus(RequestStatus status) {
        KeyRequest request = newKeyRequestIn(status);

        assertThat(request.canBeDecided()).isEqualTo(Transition.APPROVE.from.contains(status));
        assertThat(request.canBeCancelled()).isEqualTo(Transition.CANCEL.from.contains(status));
        assertThat(request.canExpire()).isEqualTo(Transition.EXPIRE.from.contains(status));
        assertThat(request.canBeCollected()).isEqualTo(Transition.COLLECT.from.contains(status));
        assertThat(request.isIssuing()).isEqualTo(Transition.ISSUE.from.contains(status));
        assertThat(request.canBeApplied()).isFalse();
        KeyRequestView view = request.view();
        assertThat(List.of(view.canBeDecided(), view.canBeCancelled(), view.canBeCollected(), view.canBeApplied()))
                .isEqualTo(List.of(request.canBeDecided(), request.canBeCancelled(), request.canBeCollected(),
                        request.canBeApplied()));
    }

    @Test
    void approvingGrantsTheLowerTermsRecordsTheDeciderAndKeepsWhatWasAsked() {
        KeyRequest request = newKeyRequestIn(PENDING_APPROVAL);

        KeyRequest.Change change = Transition.APPROVE.apply(request);

        assertThat(request.status()).isEqualTo(APPROVED);
        assertThat(request.terms().maxBudget()).isEqualByComparingTo("20");
        assertThat(request.askedTerms().maxBudget()).isEqualByComparingTo("50");
        assertThat(request.decidedAt()).isEqualTo(LATER);
        assertThat(request.approvalKind()).isEqualTo(ApprovalKind.PERSON);
        assertThat(request.approvedBy()).isEqualTo("bob@example.com");
        assertThat(request.view().approvedBy()).isEqualTo("bob@example.com");
        assertThat(request.view().decidedBy()).isEqualTo("Bob");
        assertRequestEvent(change, request, "request.approved", "Bob", PENDING_APPROVAL, APPROVED);
        assertThat(change.event().actorId()).isEqualTo(BOB.id());
        assertThat(values(change.event().before())).containsEntry("max_budget", new BigDecimal("50"));
        assertThat(values(change.event().after())).containsEntry("max_budget", new BigDecimal("20"))
                .containsEntry("decided_by", "Bob").containsEntry("decision_reason", "ok");
    }

    @Test
    void denyingRecordsTheReasonAndEndsTheRequest() {
        KeyRequest request = newKeyRequestIn(PENDING_APPROVAL);

        KeyRequest.Change change = Transition.DENY.apply(request);

        assertThat(request.status()).isEqualTo(DENIED);
        assertThat(request.view().decisionReason()).isEqualTo("not now");
        assertThat(request.approvalKind()).isNull();
        assertThat(request.approvedBy()).isNull();
        assertRequestEvent(change, request, "request.denied", "Bob", PENDING_APPROVAL, DENIED);
    }

    @ParameterizedTest
    @EnumSource(value = RequestStatus.class, names = {"PENDING_APPROVAL", "APPROVED"})
    void theRequesterCancelsAWaitingRequest(RequestStatus status) {
        KeyRequest request = newKeyRequestIn(status);

        KeyRequest.Change change = Transition.CANCEL.apply(request);

        assertThat(request.status()).isEqualTo(CANCELLED);
        assertRequestEvent(change, request, "request.cancelled", "Alice", status, CANCELLED);
    }

    @ParameterizedTest
    @EnumSource(value = RequestStatus.class, names = {"PENDING_APPROVAL", "APPROVED"})
    void aWaitingRequestExpiresWithANoteForTheRequester(RequestStatus status) {
        KeyRequest request = newKeyRequestIn(status);

        KeyRequest.Change change = Transition.EXPIRE.apply(request);

        assertThat(request.status()).isEqualTo(EXPIRED);
        assertThat(request.view().outcomeMessage()).isEqualTo("too late");
        assertRequestEvent(change, request, "request.expired", "system", status, EXPIRED);
        assertThat(change.event().actorId()).isNull();
    }

    @Test
    void collectingAnApprovedRequestStartsIssuing() {
        KeyRequest request = newKeyRequestIn(APPROVED);

        KeyRequest.Change change = Transition.COLLECT.apply(request);

        assertThat(request.status()).isEqualTo(ISSUING);
        assertRequestEvent(change, request, "request.collected", "Alice", APPROVED, ISSUING);
    }

    @Test
    void anIssuedKeyIsRecordedAsTheKeysEventWithoutItsSecret() {
        KeyRequest request = newKeyRequestIn(ISSUING);
        IssuedKeyView key = key(request);

        KeyRequest.Change change = request.issued(PERSON, key, LATER);

        assertThat(request.status()).isEqualTo(ISSUED);
        AuditEntry event = change.event();
        assertThat(event.action()).isEqualTo("key.issued");
        assertThat(event.subjectType()).isEqualTo("KEY");
        assertThat(event.subjectId()).isEqualTo(key.id().toString());
        assertThat(event.requestId()).isEqualTo(request.id());
        assertThat(values(event.before())).isNull();
        assertThat(values(event.after())).containsEntry("key_name", "sk-...abcd").containsEntry("token_hash", "hash-1");
    }

    @Test
    void aFailedRequestKeepsTheReasonForTheRequester() {
        KeyRequest request = newKeyRequestIn(ISSUING);

        KeyRequest.Change change = Transition.FAIL.apply(request);

        assertThat(request.status()).isEqualTo(FAILED);
        assertThat(request.view().outcomeMessage()).isEqualTo("LiteLLM said no");
        assertThat(change.event().action()).isEqualTo("request.failed");
        assertThat(values(change.event().before())).containsEntry("status", "ISSUING");
        assertThat(values(change.event().after())).isEqualTo(Map.of("status", "FAILED", "reason", "LiteLLM said no"));
    }

    @Test
    void anAutoApprovedRequestIssuesAtOnceAndAPendingOneWaitsForADecision() {
        KeyRequest auto = KeyRequest.autoApproved(REQUESTER, UUID.randomUUID(), "laptop", "work",
                terms(new BigDecimal("10")), "sales", policy(), CREATED);
        KeyRequest pending = newKeyRequestIn(PENDING_APPROVAL);

        assertThat(auto.status()).isEqualTo(ISSUING);
        assertThat(auto.approvalKind()).isEqualTo(ApprovalKind.POLICY);
        assertThat(auto.approvedBy()).isEqualTo("policy");
        assertThat(pending.approvalKind()).isNull();
        assertThat(pending.approvedBy()).isNull();
        KeyRequest.Change submitted = auto.submitted(PERSON);
        assertThat(submitted.event().action()).isEqualTo("request.submitted");
        assertThat(values(submitted.event().before())).isNull();
        assertThat(values(submitted.event().after())).containsEntry("status", "ISSUING")
                .containsEntry("kind", "NEW_KEY");
    }

    @Test
    void anApprovedBudgetIncreaseIsAppliedNotCollected() {
        KeyRequest increase = budgetIncrease(true);

        assertThat(increase.status()).isEqualTo(APPROVED);
        assertThat(increase.canBeApplied()).isTrue();
        assertThat(increase.canBeCollected()).isFalse();
        assertThat(increase.view().canBeCollected()).isFalse();
        assertThatIllegalStateException().isThrownBy(() -> Transition.COLLECT.apply(increase));

        KeyRequest.Change change = Transition.APPLY.apply(increase);

        assertThat(increase.status()).isEqualTo(ISSUED);
        assertThat(increase.canBeApplied()).isFalse();
        AuditEntry event = change.event();
        assertThat(event.action()).isEqualTo("key.budget_changed");
        assertThat(event.subjectType()).isEqualTo("KEY");
        assertThat(event.subjectId()).isEqualTo(increase.targetKeyId().toString());
        assertThat(values(event.before())).isEqualTo(Map.of("max_budget", new BigDecimal("10")));
        assertThat(values(event.after()))
                .isEqualTo(Map.of("max_budget", new BigDecimal("50"), "approved_by", "policy"));
    }

    @Test
    void aBudgetIncreaseAboveTheCeilingWaitsAndIsAppliedOnceAnApproverGrantsIt() {
        KeyRequest increase = budgetIncrease(false);
        assertThat(increase.canBeApplied()).isFalse();
        assertThatIllegalStateException().isThrownBy(() -> Transition.APPLY.apply(increase));

        Transition.APPROVE.apply(increase);
        KeyRequest.Change change = Transition.APPLY.apply(increase);

        assertThat(increase.status()).isEqualTo(ISSUED);
        assertThat(values(change.event().after())).isEqualTo(Map.of("max_budget", new BigDecimal("20"),
                "approved_by", "bob@example.com"));
    }

    @Test
    void aRotationIssuesAtOnceAndAnImportIsIssuedAlready() {
        KeyRequest rotation = KeyRequest.rotation(REQUESTER, UUID.randomUUID(), UUID.randomUUID(), "laptop",
                "Rotation of sk-...abcd", terms(new BigDecimal("10")), "sales", policy(), CREATED);
        KeyRequest imported = KeyRequest.imported(REQUESTER, "old key", terms(new BigDecimal("10")), null, policy(),
                BOB, CREATED);

        assertThat(rotation.isIssuing()).isTrue();
        assertThat(rotation.approvalKind()).isEqualTo(ApprovalKind.ROTATION);
        assertThat(rotation.approvedBy()).isEqualTo("rotation");
        assertThat(imported.status()).isEqualTo(ISSUED);
        assertThat(imported.approvalKind()).isEqualTo(ApprovalKind.IMPORT);
        assertThat(imported.approvedBy()).isEqualTo("bob@example.com");
        for (Transition transition : Transition.values()) {
            assertThatIllegalStateException().isThrownBy(() -> transition.apply(imported));
        }
    }

    private static void assertRequestEvent(KeyRequest.Change change, KeyRequest request, String action,
            String actorName, RequestStatus before, RequestStatus after) {
        assertThat(change.request()).isSameAs(request);
        AuditEntry event = change.event();
        assertThat(event.action()).isEqualTo(action);
        assertThat(event.actorName()).isEqualTo(actorName);
        assertThat(event.subjectType()).isEqualTo("REQUEST");
        assertThat(event.subjectId()).isEqualTo(request.id().toString());
        assertThat(event.requestId()).isEqualTo(request.id());
        assertThat(values(event.before())).containsEntry("status", before.name());
        assertThat(values(event.after())).isEqualTo(request.auditValues()).containsEntry("status", after.name());
    }

    private static Map<String, Object> values(Map<String, ?> values) {
        return values == null ? null : new java.util.LinkedHashMap<>(values);
    }

    /** A new-key request asking for a $50 budget, brought into {@code status} through its own transitions. */
    private static KeyRequest newKeyRequestIn(RequestStatus status) {
        Function<KeyRequest, KeyRequest> then = switch (status) {
            case PENDING_APPROVAL -> r -> r;
            case APPROVED -> r -> Transition.APPROVE.apply(r).request();
            case DENIED -> r -> Transition.DENY.apply(r).request();
            case ISSUING -> r -> Transition.COLLECT.apply(Transition.APPROVE.apply(r).request()).request();
            case ISSUED -> r -> Transition.ISSUE.apply(newKeyRequestIn(ISSUING)).request();
            case FAILED -> r -> Transition.FAIL.apply(newKeyRequestIn(ISSUING)).request();
            case EXPIRED -> r -> Transition.EXPIRE.apply(r).request();
            case CANCELLED -> r -> Transition.CANCEL.apply(r).request();
        };
        KeyRequest request = then.apply(KeyRequest.pendingApproval(REQUESTER, UUID.randomUUID(), "laptop", "work",
                terms(new BigDecimal("50")), "sales", policy(), "Above the auto-approve ceiling.", CREATED));
        assertThat(request.status()).isEqualTo(status);
        return request;
    }

    private static KeyRequest budgetIncrease(boolean autoApproved) {
        return KeyRequest.budgetIncrease(REQUESTER, UUID.randomUUID(), UUID.randomUUID(), "laptop", "more work",
                terms(new BigDecimal("50")), "sales", policy(), autoApproved,
                autoApproved ? null : "Above the auto-approve ceiling.", CREATED);
    }

    private static KeyTerms terms(BigDecimal maxBudget) {
        return new KeyTerms(List.of("gpt-4o-mini"), Map.of(KeyParameter.MAX_BUDGET, maxBudget,
                KeyParameter.BUDGET_DURATION, "30d", KeyParameter.DURATION, "90d", KeyParameter.RPM_LIMIT, 60,
                KeyParameter.TPM_LIMIT, 10000, KeyParameter.MAX_PARALLEL_REQUESTS, 5));
    }

    /** Only the policy's id and version are kept on a request. */
    private static Policy policy() {
        return mock(Policy.class);
    }

    private static IssuedKeyView key(KeyRequest request) {
        KeyTerms terms = request.terms();
        return new IssuedKeyView(UUID.randomUUID(), REQUESTER, request.id(), "hash-1", "sk-...abcd",
                request.keyAlias(), terms.with(KeyParameter.DURATION, null), null, request.team(), KeyStatus.ACTIVE,
                LATER, null, null);
    }
}
