package dev.keyportal.web;

import dev.keyportal.litellm.LiteLlmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures a person can act on, as pages: LiteLLM trouble says what happened and what to do next; an address
 * whose id is not an id at all names no page, so it is not found. Missing and forbidden objects go through
 * Spring's error handling to {@code error/404} and {@code error/403}, a form over the size limit to
 * {@code error/413}; anything else to {@code error.html} — never a stack trace.
 */
@ControllerAdvice
class ErrorPages {

    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

    @ExceptionHandler(LiteLlmException.class)
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    ModelAndView liteLlmFailure(LiteLlmException e) {
        log.warn("LiteLLM call failed: {} ({})", e.kind(), e.getMessage());
        ModelAndView page = new ModelAndView("error/litellm");
        page.addObject("kind", e.kind().name());
        page.addObject("detail", e.getMessage());
        page.setStatus(HttpStatus.SERVICE_UNAVAILABLE);
        return page;
    }

    /** {@code /keys/not-a-uuid}: a malformed id in the path names a page that does not exist. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView malformedId(MethodArgumentTypeMismatchException e) throws Exception {
        if (!e.getParameter().hasParameterAnnotation(PathVariable.class)) {
            throw e;
        }
        ModelAndView page = new ModelAndView("error/404");
        page.setStatus(HttpStatus.NOT_FOUND);
        return page;
    }
}
