package org.dosewarden.pump;

/**
 * The pump answered with an alarm and the driver did not re-send the command (it never re-sends a
 * start: a stalled or reset pump needs a person, SR-C2). The command was <b>not executed</b>. The alarm
 * is also in {@link PumpDriver#takeAlarms()}.
 */
public final class PumpAlarmException extends PumpException {

    private final PumpAlarm alarm;

    public PumpAlarmException(String command, PumpAlarm alarm, String explanation) {
        super(command, "pump alarm " + alarm + " in reply to '" + command + "': " + explanation, null);
        this.alarm = alarm;
    }

    public PumpAlarm alarm() {
        return alarm;
    }
}
