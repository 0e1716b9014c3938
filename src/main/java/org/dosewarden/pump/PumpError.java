package org.dosewarden.pump;

/** Why a pump refused a command (canonical across families; New Era wire form in brackets). */
public enum PumpError {
    /** Command not recognised ({@code ?}). */
    NOT_RECOGNIZED,
    /** Not applicable in the current state, e.g. changing the diameter while running ({@code ?NA}). */
    NOT_APPLICABLE,
    /** A value outside what the pump accepts with this syringe ({@code ?OOR}). */
    OUT_OF_RANGE,
    /** The pump received a damaged packet ({@code ?COM}); retried by the driver before this is reported. */
    BAD_PACKET,
    /** Ignored because a phase started at the same time ({@code ?IGN}); retried before this is reported. */
    IGNORED
}
