package dev.keyportal.security;

import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a controller method take the signed-in {@link PortalUser} as a parameter. */
class CurrentUserArgumentResolver implements HandlerMethodArgumentResolver {

    private final SignedIn signedIn;

    CurrentUserArgumentResolver(SignedIn signedIn) {
        this.signedIn = signedIn;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(PortalUser.class);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        return signedIn.current().orElseThrow(() -> new InsufficientAuthenticationException("Sign in first"));
    }
}
