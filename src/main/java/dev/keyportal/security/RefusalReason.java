package dev.keyportal.security;

/** Why the portal refused a sign-in; {@link #code()} is the word on the sign-in problem page and in the trail. */
public enum RefusalReason {

    /** The identity's LiteLLM user id (its verified email) already belongs to another identity's record. */
    IDENTITY_CONFLICT("identity_conflict", "Identity conflict"),
    /** The user id is the email, and the identity provider did not say it was verified. */
    UNVERIFIED_EMAIL("unverified_email", "Email not verified"),
    /** The identity provider sent no usable user-id claim. */
    MISSING_USER_ID("missing_user_id", "No usable user id"),
    /** An administrator switched the person off. */
    DISABLED("disabled", "Disabled"),
    /** None of the person's groups may use the portal. */
    NOT_ALLOWED("not_allowed", "Not in an allowed group");

    private final String code;
    private final String description;

    RefusalReason(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    static RefusalReason ofCode(String code) {
        for (RefusalReason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("Unknown refusal reason " + code);
    }
}
