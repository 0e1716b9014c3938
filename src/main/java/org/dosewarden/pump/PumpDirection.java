package org.dosewarden.pump;

/** Direction of plunger travel. */
public enum PumpDirection {
    INFUSE,
    WITHDRAW
}
