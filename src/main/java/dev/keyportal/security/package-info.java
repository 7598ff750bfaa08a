/**
 * Who is signed in: OIDC login, the mapping of the configured claims to roles and team, the local
 * {@code portal_user} row keyed by issuer and subject, and the HTTP security rules and headers.
 */
package dev.keyportal.security;
