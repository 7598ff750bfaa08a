package dev.keyportal.litellm;

/**
 * {@code /user/new} refused the person's user because LiteLLM already has a user with their e-mail address under
 * another {@code user_id} (and, after the refusal, still has no user with the portal's id). Not something a retry
 * fixes: a LiteLLM administrator has to merge or rename one of the two users. The message names neither key nor
 * master key.
 */
public class UserEmailClashException extends LiteLlmException {

    private final String userId;
    private final String email;

    public UserEmailClashException(int status, String errorType, String userId, String email) {
        super(Kind.REJECTED, status, errorType, "LiteLLM already has a user with the e-mail address " + email
                + " under another user id than " + userId);
        this.userId = userId;
        this.email = email;
    }

    /** The LiteLLM user id the portal wanted to create. */
    public String userId() {
        return userId;
    }

    /** The e-mail address another LiteLLM user has. */
    public String email() {
        return email;
    }
}
