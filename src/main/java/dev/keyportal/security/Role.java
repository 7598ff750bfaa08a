package dev.keyportal.security;

/** What a person may do in the portal (docs/architecture.md, roles). */
public enum Role {
    EMPLOYEE, APPROVER, ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
