package dev.keyportal.keyrequest;

import java.util.function.Function;

/**
 * What one submitted form came to under the per-person lock of {@link Submissions}: a request stored now, an answer
 * with nothing stored (refused, too many requests), or the request an earlier submit of the same form stored.
 */
sealed interface Submission {

    static Submission stored(KeyRequest request) {
        return new Stored(request);
    }

    static Submission answered(SubmitOutcome answer) {
        return new Answered(answer);
    }

    /**
     * The outcome for the person: what {@code next} makes of a request stored now (issue it, apply it, or report
     * it pending), otherwise the answer, or the earlier request.
     */
    SubmitOutcome then(Function<KeyRequest, SubmitOutcome> next);

    /** Stored now, in the transaction that has just committed. */
    record Stored(KeyRequest request) implements Submission {

        @Override
        public SubmitOutcome then(Function<KeyRequest, SubmitOutcome> next) {
            return next.apply(request);
        }
    }

    /** Nothing was stored; this is the whole answer. */
    record Answered(SubmitOutcome answer) implements Submission {

        @Override
        public SubmitOutcome then(Function<KeyRequest, SubmitOutcome> next) {
            return answer;
        }
    }

    /**
     * Done before: the same form was stored already (double click, back button, replay), or the approved request
     * being collected was collected already. Never a second request or key.
     */
    record Repeated(KeyRequestView earlier) implements Submission {

        @Override
        public SubmitOutcome then(Function<KeyRequest, SubmitOutcome> next) {
            return new SubmitOutcome.AlreadySubmitted(earlier);
        }
    }
}
