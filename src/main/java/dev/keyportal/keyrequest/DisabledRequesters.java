package dev.keyportal.keyrequest;

import java.time.Clock;
import java.util.EnumSet;

import dev.keyportal.security.PersonDisabled;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A disabled person's requests that wait for a decision or for collection are cancelled in the transaction that
 * disables them, each recorded as cancelled by the admin, so nothing of theirs is approved or issued afterwards.
 * A request already being issued is left to finish; offboarding again blocks or revokes the key it yields.
 */
@Component
class DisabledRequesters {

    static final String NOTE = "Cancelled: your access to the portal was switched off.";

    private final KeyRequestRepository requests;
    private final RequestChanges changes;
    private final Clock clock;

    DisabledRequesters(KeyRequestRepository requests, RequestChanges changes, Clock clock) {
        this.requests = requests;
        this.changes = changes;
        this.clock = clock;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void cancelOpenRequests(PersonDisabled event) {
        for (KeyRequest waiting : requests.findByRequesterIdAndStatusIn(event.personId(),
                EnumSet.of(RequestStatus.PENDING_APPROVAL, RequestStatus.APPROVED))) {
            requests.lockById(waiting.id()).filter(KeyRequest::canBeCancelled).ifPresent(request ->
                    changes.commit(request.cancel(event.by(), NOTE, clock.instant())));
        }
    }
}
