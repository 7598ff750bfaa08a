package dev.keyportal.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.util.unit.DataSize;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Deny by default: every route has an explicit rule, every state change is a POST with a CSRF token, and every
 * response carries a strict Content-Security-Policy (no inline script or style) and the other headers listed in
 * docs/architecture.md, security rules.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** The role of the Prometheus scrape credential, which is nobody's role in the portal. */
    private static final String SCRAPER = "METRICS_SCRAPER";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, PortalOidcUserService oidcUserService,
            ClientRegistrationRepository registrations, SessionConfiguration.SessionCookie sessionCookie,
            PortalUsers users, Clock clock,
            @Value("${portal.session.max-lifetime:12h}") Duration sessionMaxLifetime,
            @Value("${spring.security.oauth2.client.provider.sso.issuer-uri}") URI issuer,
            @Value("${spring.security.oauth2.client.registration.sso.client-id:}") String clientId,
            @Value("${server.tomcat.max-http-form-post-size:2MB}") DataSize formLimit) throws Exception {
        requireSetting("OIDC_CLIENT_ID", clientId);
        OidcClientInitiatedLogoutSuccessHandler logoutSuccess =
                new OidcClientInitiatedLogoutSuccessHandler(registrations);
        logoutSuccess.setPostLogoutRedirectUri("{baseUrl}/signed-out");
        logoutSuccess.setDefaultTargetUrl("/signed-out");

        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/webjars/**", "/css/**", "/js/**", "/images/**",
                                "/favicon.ico").permitAll()
                        .requestMatchers("/error", "/signed-out", "/login/problem").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/keys", "/keys/new", "/keys/{id}", "/requests",
                                "/requests/{id}", "/spend").hasRole(Role.EMPLOYEE.name())
                        .requestMatchers(HttpMethod.POST, "/keys", "/keys/refresh", "/keys/{id}/budget", "/keys/{id}/rotate",
                                "/keys/{id}/revoke", "/requests/{id}/issue",
                                "/requests/{id}/cancel")
                        .hasRole(Role.EMPLOYEE.name())
                        .requestMatchers(HttpMethod.GET, "/approvals", "/approvals/{id}").hasRole(Role.APPROVER.name())
                        .requestMatchers(HttpMethod.POST, "/approvals/{id}/approve", "/approvals/{id}/deny")
                        .hasRole(Role.APPROVER.name())
                        .requestMatchers("/admin/**").hasRole(Role.ADMIN.name())
                        .anyRequest().denyAll())
                .addFilterBefore(new CurrentAccountFilter(users, sessionMaxLifetime, clock), AuthorizationFilter.class)
                .oauth2Login(login -> login
                        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(oidcUserService))
                        .failureHandler((request, response, exception) -> response.sendRedirect(
                                request.getContextPath() + "/login/problem?reason=" + LoginProblem.of(exception))))
                .oidcLogout(logout -> logout.backChannel(backChannel -> backChannel
                        .logoutHandler(new BackChannelLogout(users))))
                .logout(logout -> logout
                        .logoutUrl("/logout")
                        .logoutSuccessHandler(logoutSuccess)
                        .invalidateHttpSession(true)
                        .clearAuthentication(true)
                        .deleteCookies(sessionCookie.name()))
                .headers(headers -> headers
                        // sent on HTTPS requests only, which includes HTTPS ended at a trusted proxy
                        .httpStrictTransportSecurity(hsts -> hsts.maxAgeInSeconds(31_536_000))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy(issuer)))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicyHeader(permissions -> permissions.policy(
                                "camera=(), microphone=(), geolocation=(), clipboard-write=(self)")))
                .addFilterBefore(new FormSizeLimit(formLimit), CsrfFilter.class);
        return http.build();
    }

    /**
     * {@code /actuator/prometheus} only for the scrape credential ({@link MetricsProperties}), over HTTP basic and
     * without a session: a signed-in person's session does not open it, and scrapes leave no session behind.
     */
    @Bean
    @Order(1)
    SecurityFilterChain metricsFilterChain(HttpSecurity http, MetricsProperties metrics) throws Exception {
        http.securityMatcher("/actuator/prometheus")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasRole(SCRAPER)
                        .anyRequest().denyAll())
                .httpBasic(basic -> basic.realmName("Key Portal metrics"))
                .authenticationProvider(scrapeCredential(metrics))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    private static AuthenticationProvider scrapeCredential(MetricsProperties metrics) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String password = authentication.getCredentials() == null ? null
                        : authentication.getCredentials().toString();
                if (!metrics.accepts(authentication.getName(), password)) {
                    throw new BadCredentialsException("Bad credentials");
                }
                return UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null,
                        AuthorityUtils.createAuthorityList("ROLE_" + SCRAPER));
            }

            @Override
            public boolean supports(Class<?> type) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
            }
        };
    }

    /** Stops start-up with a message that names the missing environment variable. */
    static void requireSetting(String name, String value) {
        if (value == null || value.isBlank() || value.contains("${")) {
            throw new IllegalStateException(name + " is not set");
        }
    }

    /** {@code form-action} must allow the identity provider: signing out redirects a form POST there. */
    static String contentSecurityPolicy(URI issuer) {
        String provider = issuer.getScheme() + "://" + issuer.getAuthority();
        return String.join("; ", List.of("default-src 'self'", "script-src 'self'", "style-src 'self'",
                "img-src 'self' data:", "font-src 'self'", "connect-src 'self'", "object-src 'none'",
                "base-uri 'none'", "form-action 'self' " + provider, "frame-ancestors 'none'"));
    }

    @Bean
    PortalOidcUserService portalOidcUserService(PortalProperties properties, PortalUsers users) {
        return new PortalOidcUserService(properties, users);
    }

    @Bean
    WebMvcConfigurer currentUserResolver(SignedIn signedIn) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CurrentUserArgumentResolver(signedIn));
            }
        };
    }
}
