package dev.keyportal.keys;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No such key — or someone else's, which answers the same so as not to confirm it exists. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class IssuedKeyNotFoundException extends RuntimeException {

    public IssuedKeyNotFoundException() {
        super("No such key");
    }
}
