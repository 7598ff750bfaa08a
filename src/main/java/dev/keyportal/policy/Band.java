package dev.keyportal.policy;

/** Where a requested value falls: issued at once, needs a person's approval, or refused. */
public enum Band {
    AUTO_APPROVE, NEEDS_APPROVAL, REFUSED;

    Band worst(Band other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
