package dev.keyportal.keyrequest;

/**
 * How a request was approved. Only {@link #PERSON} and {@link #IMPORT} name someone: the approver, or the admin
 * who adopted the key from LiteLLM.
 */
enum ApprovalKind {

    /** Within every auto-approve ceiling of the policy. */
    POLICY,
    /** A fresh key with the limits granted to the key it replaces. */
    ROTATION,
    /** An approver's decision. */
    PERSON,
    /** An admin adopted a key made in LiteLLM outside the portal. */
    IMPORT;

    /**
     * Who approved, as LiteLLM's key metadata ({@code approved_by}) and the audit trail name it: the words
     * {@code policy} and {@code rotation}, or the person's LiteLLM user id.
     */
    String approvedBy(String personLitellmUserId) {
        return switch (this) {
            case POLICY -> "policy";
            case ROTATION -> "rotation";
            case PERSON, IMPORT -> personLitellmUserId;
        };
    }
}
