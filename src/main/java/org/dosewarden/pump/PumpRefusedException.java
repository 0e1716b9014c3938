package org.dosewarden.pump;

/** The pump answered with a command error: the command was not carried out. */
public final class PumpRefusedException extends PumpException {

    private final PumpError error;
    private final PumpMode mode;

    public PumpRefusedException(String command, PumpError error, PumpMode mode, String explanation) {
        super(command, "pump refused '" + command + "': " + error + " (" + explanation + "); pump is " + mode, null);
        this.error = error;
        this.mode = mode;
    }

    public PumpError error() {
        return error;
    }

    /** The mode the pump reported with the refusal. */
    public PumpMode mode() {
        return mode;
    }
}
