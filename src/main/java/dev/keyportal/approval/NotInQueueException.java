package dev.keyportal.approval;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No such request, or one outside what this approver may see: both answer the same, so as not to confirm it. */
@ResponseStatus(HttpStatus.NOT_FOUND)
class NotInQueueException extends RuntimeException {

    NotInQueueException() {
        super("No such request");
    }
}
