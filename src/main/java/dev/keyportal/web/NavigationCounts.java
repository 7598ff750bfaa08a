package dev.keyportal.web;

import dev.keyportal.approval.ApprovalQueue;
import dev.keyportal.keyrequest.KeyRequests;
import dev.keyportal.security.SignedIn;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The counts every page's navigation shows: requests waiting for this approver, and this person's approved keys
 * waiting to be collected.
 */
@ControllerAdvice
class NavigationCounts {

    private final ApprovalQueue approvals;
    private final KeyRequests requests;
    private final SignedIn signedIn;

    NavigationCounts(ApprovalQueue approvals, KeyRequests requests, SignedIn signedIn) {
        this.approvals = approvals;
        this.requests = requests;
        this.signedIn = signedIn;
    }

    @ModelAttribute
    void counts(Model model) {
        signedIn.current().ifPresent(user -> {
            model.addAttribute("pendingApprovals", approvals.pendingCountFor(user));
            model.addAttribute("readyToCollect", requests.readyToCollect(user));
        });
    }
}
