package dev.keyportal.keyrequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No such request — or someone else's, which answers the same so as not to confirm it exists. */
@ResponseStatus(HttpStatus.NOT_FOUND)
class KeyRequestNotFoundException extends RuntimeException {

    KeyRequestNotFoundException() {
        super("No such request");
    }
}
