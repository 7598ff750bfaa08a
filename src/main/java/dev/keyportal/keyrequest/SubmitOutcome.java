package dev.keyportal.keyrequest;

import java.util.Map;

import dev.keyportal.keys.IssuedKeyView;
import dev.keyportal.litellm.KeyPlaintext;
import dev.keyportal.litellm.LiteLlmException;

/** What became of a submitted request form. */
sealed interface SubmitOutcome {

    /** The policy refused some values: messages per form field; nothing was stored or sent to LiteLLM. */
    record Refused(Map<String, String> fieldErrors) implements SubmitOutcome {
    }

    /**
     * The person sent more requests (new keys, rotations, budget increases) within the last hour than the portal
     * allows (counted in the database, so across instances); nothing was stored or sent to LiteLLM.
     */
    record TooManyRequests(int limitPerHour) implements SubmitOutcome {
    }

    /** Above an auto-approve ceiling: stored, waiting for an approver. */
    record Pending(KeyRequestView request) implements SubmitOutcome {
    }

    /** Issued: the one and only time the key is available. */
    record Issued(KeyRequestView request, IssuedKeyView key, KeyPlaintext plaintext) implements SubmitOutcome {
    }

    /** A budget increase LiteLLM has accepted: the key's new budget is in force. */
    record Applied(KeyRequestView request) implements SubmitOutcome {
    }

    /** The same form was submitted before (double click, back button, replay): never a second key. */
    record AlreadySubmitted(KeyRequestView request) implements SubmitOutcome {
    }

    /** Issuing failed and nothing was left behind; the person may try again. */
    record Failed(KeyRequestView request, LiteLlmException cause) implements SubmitOutcome {
    }

    /** LiteLLM's answer was lost: the request stays ISSUING until the reconciler settles it. */
    record OutcomeUnknown(KeyRequestView request, LiteLlmException cause) implements SubmitOutcome {
    }
}
