package org.dosewarden.pump;

/**
 * The pump answered with an alarm and the driver did not re-send the command (it never re-sends a
 * start: a stalled or reset pump needs a person, SR-C2), or a start was refused because an alarm is still
 * unacknowledged. The command was <b>not executed</b>. The alarm is also in {@link PumpDriver#takeAlarms()}.
 */
public final class PumpAlarmException extends PumpException {

    private final PumpAlarm alarm;

    /**
     * @param command the command that was not executed
     * @param alarm   the alarm
     * @param message the whole message, naming the pump, the alarm and what was not done
     */
    public PumpAlarmException(String command, PumpAlarm alarm, String message) {
        super(command, message, null);
        this.alarm = alarm;
    }

    public PumpAlarm alarm() {
        return alarm;
    }
}
