/**
 * Approval: the queue of requests waiting for an approver (who sees which: their own team's, every team's with
 * {@code portal.approvals.cross-team}, all for admins; never their own), the review page's read model
 * ({@link dev.keyportal.approval.Review}: the asked values against the policy, what the requester holds and has
 * spent), and approve / deny. The decision itself changes the request, so it stays with the request aggregate:
 * this module calls {@code keyrequest.Decisions} for a request the approver may see.
 */
@ApplicationModule(allowedDependencies = {"keyrequest", "keys", "litellm", "policy", "security"})
package dev.keyportal.approval;

import org.springframework.modulith.ApplicationModule;
