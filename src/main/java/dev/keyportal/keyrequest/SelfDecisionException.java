package dev.keyportal.keyrequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Nobody decides their own request (docs/architecture.md, approval rules). */
@ResponseStatus(value = HttpStatus.FORBIDDEN, reason = "Nobody decides their own request")
class SelfDecisionException extends RuntimeException {

    SelfDecisionException() {
        super("Nobody decides their own request");
    }
}
