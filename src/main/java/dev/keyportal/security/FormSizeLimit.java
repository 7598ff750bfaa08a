package dev.keyportal.security;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A form body over the container's limit ({@code server.tomcat.max-http-form-post-size}) is answered with the
 * portal's own 413 page, which says what was too large, before anything reads the form: left to the container, the
 * first read of a parameter fails and the container answers with its own page, outside the portal's headers and
 * Content-Security-Policy. Sits after the security headers and before the CSRF check reads the token; on the way
 * to the error page the request shows no parameters, so nothing there reads the oversized form either.
 */
class FormSizeLimit extends OncePerRequestFilter {

    /** The request attribute the error page reads: the limit, in words. */
    static final String LIMIT_ATTRIBUTE = "formSizeLimit";

    private final DataSize limit;

    FormSizeLimit(DataSize limit) {
        this.limit = limit;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            chain.doFilter(request.getAttribute(LIMIT_ATTRIBUTE) == null ? request : new WithoutParameters(request),
                    response);
            return;
        }
        if (isForm(request) && limit.toBytes() >= 0 && request.getContentLengthLong() > limit.toBytes()) {
            request.setAttribute(LIMIT_ATTRIBUTE, words(limit));
            response.sendError(HttpStatus.CONTENT_TOO_LARGE.value());
            return;
        }
        chain.doFilter(request, response);
    }

    /** The oversized request on its way to the error page: no parameters, so nobody parses the body. */
    private static final class WithoutParameters extends HttpServletRequestWrapper {

        WithoutParameters(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getParameter(String name) {
            return null;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Map.of();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public String[] getParameterValues(String name) {
            return null;
        }
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return "POST".equals(request.getMethod()) && type != null
                && type.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
    }

    private static String words(DataSize size) {
        long bytes = size.toBytes();
        return bytes % 1024 == 0 && bytes >= 1024 ? (bytes / 1024) + " KB" : bytes + " bytes";
    }
}
