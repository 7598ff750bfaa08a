package dev.keyportal.security;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No person with this id: answered as "not found". */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class UnknownPersonException extends RuntimeException {

    public UnknownPersonException() {
        super("No such person");
    }
}
