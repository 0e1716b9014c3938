package org.dosewarden.dose.check;

/** The verdict of the programming check. */
public enum Outcome {
    /** No violation, or every violation is soft and overridden with a reason: may be sent to the pump. */
    ALLOWED,
    /** Only soft violations, at least one without an override: a clinician must override each with a reason. */
    NEEDS_OVERRIDE,
    /** At least one hard violation: nothing may be sent to the pump (SR-A1); no override changes this. */
    REFUSED
}
