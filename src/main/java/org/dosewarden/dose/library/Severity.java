package org.dosewarden.dose.library;

/** How binding a limit is: a hard violation refuses the program; a soft one needs an override with a reason. */
public enum Severity {
    HARD,
    SOFT
}
