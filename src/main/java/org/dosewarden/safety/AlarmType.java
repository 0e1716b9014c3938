package org.dosewarden.safety;

/**
 * The one alarm table (SR-C1): every alarm type with its fixed priority, pump action, whether it is latched
 * until acknowledged (SR-C2), the lifecycle state it forces when it fires during an infusion, and the text a
 * clinician reads, which states the consequence for delivery.
 *
 * <p>Where the state goes: {@link InfusionState#FAULT} from any state with a session (the pump cannot be
 * trusted); {@link InfusionState#TRIPPED} from RUNNING or PAUSED; {@link InfusionState#PAUSED} and
 * {@link InfusionState#COMPLETED} from RUNNING only. {@code null} leaves the state as it is. In IDLE no state
 * changes; a STOP alarm still sends a stop.
 */
public enum AlarmType {
    OVER_INFUSION(AlarmPriority.HIGH, PumpAction.STOP, true, InfusionState.TRIPPED,
            "Delivered volume is above what the rate allows: infusion stopped. Check the pump and line before going on."),
    FREE_FLOW(AlarmPriority.HIGH, PumpAction.STOP, true, InfusionState.FAULT,
            "Volume is rising while the pump should be stopped (free flow): stop sent. Clamp the line now."),
    VTBI_IGNORED(AlarmPriority.HIGH, PumpAction.STOP, true, InfusionState.FAULT,
            "The pump delivered past its programmed volume limit: infusion stopped. Do not use this pump."),
    RATE_MISMATCH(AlarmPriority.HIGH, PumpAction.STOP, true, InfusionState.FAULT,
            "The pump runs at a rate other than the programmed one: infusion stopped."),
    PUMP_RUNNING_UNCOMMANDED(AlarmPriority.HIGH, PumpAction.STOP, true, InfusionState.FAULT,
            "The pump is delivering although it was told not to: stop sent. Check the pump now."),
    PUMP_STOPPED_UNEXPECTEDLY(AlarmPriority.MEDIUM, PumpAction.STOP, true, InfusionState.FAULT,
            "The pump stopped by itself before the step was delivered: the patient is not receiving the drug."),
    PUMP_STALL(AlarmPriority.HIGH, PumpAction.STOP, true, InfusionState.FAULT,
            "Pump motor stalled (occlusion or end of syringe): infusion not running. Check the line."),
    PUMP_POWER_RESET(AlarmPriority.HIGH, PumpAction.STOP, true, InfusionState.FAULT,
            "The pump lost power or was reset: infusion not running; it will not restart by itself."),
    PUMP_WATCHDOG(AlarmPriority.HIGH, PumpAction.STOP, true, InfusionState.FAULT,
            "The pump stopped itself after losing contact with dosewarden: infusion not running."),
    PUMP_PROGRAM_ERROR(AlarmPriority.HIGH, PumpAction.STOP, true, InfusionState.FAULT,
            "The pump reports a program error: infusion stopped."),
    PUMP_ALARM_OTHER(AlarmPriority.HIGH, PumpAction.STOP, true, InfusionState.FAULT,
            "The pump reports an alarm dosewarden does not know: infusion stopped."),
    PUMP_COUNTER_RESET(AlarmPriority.MEDIUM, PumpAction.STOP, true, InfusionState.FAULT,
            "The pump's delivered counter restarted (power cycle): the delivered total is kept; infusion not running."),
    LINK_LOST(AlarmPriority.HIGH, PumpAction.STOP, true, InfusionState.FAULT,
            "No contact with the pump: delivery cannot be verified; stop sent and the pump's watchdog stops it."),
    COMMAND_REFUSED(AlarmPriority.HIGH, PumpAction.STOP, true, InfusionState.FAULT,
            "The pump refused a command: infusion stopped."),
    COMMAND_UNCERTAIN(AlarmPriority.MEDIUM, PumpAction.CONTINUE, false, null,
            "A pump command went unanswered: reading back what the pump really does."),
    INFUSION_COMPLETE(AlarmPriority.LOW, PumpAction.STOP, false, InfusionState.COMPLETED,
            "Infusion complete: the prescribed volume was delivered and the pump stopped."),
    NEAR_END(AlarmPriority.LOW, PumpAction.CONTINUE, false, null,
            "The infusion ends within its near-end lead time: infusion continues; prepare for the end of the session."),
    UNDER_INFUSION(AlarmPriority.LOW, PumpAction.CONTINUE, false, null,
            "Delivered volume has been below the expected volume for 5 minutes: infusion continues; check the line."),
    NO_PROGRESS_WARNING(AlarmPriority.LOW, PumpAction.CONTINUE, false, null,
            "No volume delivered for 2 minutes while running: infusion continues; check for occlusion."),
    NO_PROGRESS(AlarmPriority.MEDIUM, PumpAction.CONTINUE, true, null,
            "No volume delivered for 5 minutes while running: the patient is not receiving the drug."),
    STEP_DURATION_EXCEEDED(AlarmPriority.LOW, PumpAction.CONTINUE, true, null,
            "A step is running longer than planned: the patient is receiving less than prescribed."),
    VITALS_SOFT_BREACH(AlarmPriority.HIGH, PumpAction.CONTINUE, true, null,
            "Vital signs above the alert limits on consecutive readings: infusion continues; assess the patient."),
    VITALS_HARD_BREACH(AlarmPriority.HIGH, PumpAction.PAUSE, true, InfusionState.PAUSED,
            "Vital signs beyond the hard limits: infusion paused (rate 0). Resume only when values are back below the alert limits."),
    VITALS_STALE(AlarmPriority.MEDIUM, PumpAction.CONTINUE, false, null,
            "Vital signs are out of date: infusion continues without vitals supervision."),
    VITALS_MISSING(AlarmPriority.HIGH, PumpAction.PAUSE, true, InfusionState.PAUSED,
            "Required vital signs are missing: infusion paused (rate 0)."),
    AFTER_CARE_VITALS(AlarmPriority.HIGH, PumpAction.CONTINUE, true, null,
            "Vital signs beyond the limits during after-care monitoring: the infusion has ended; assess the patient now."),
    AFTER_CARE_VITALS_STALE(AlarmPriority.MEDIUM, PumpAction.CONTINUE, false, null,
            "Vital signs are out of date during after-care monitoring: the monitor is not watching the patient."),
    VITALS_INVALID(AlarmPriority.MEDIUM, PumpAction.CONTINUE, false, null,
            "The monitor sent an invalid vital-sign value (0 or not a number): it was not used."),
    EMERGENCY_STOP(AlarmPriority.HIGH, PumpAction.STOP, true, InfusionState.TRIPPED,
            "Emergency stop: infusion stopped. Latched until a clinician resets it."),
    JOURNAL_FAILURE(AlarmPriority.HIGH, PumpAction.CONTINUE, true, null,
            "The journal cannot be written: a running infusion continues, no new start is allowed."),
    RESTART_LIMIT(AlarmPriority.MEDIUM, PumpAction.CONTINUE, true, null,
            "Stopped repeatedly by the same alarm within 10 minutes: restarts refused until the session is ended and re-programmed."),
    DAEMON_RESTARTED(AlarmPriority.HIGH, PumpAction.PAUSE, true, InfusionState.PAUSED,
            "dosewarden restarted during the infusion: infusion paused, delivered total kept; a clinician must resume.");

    private final AlarmPriority priority;
    private final PumpAction action;
    private final boolean latched;
    private final InfusionState forces;
    private final String clinicianText;

    AlarmType(AlarmPriority priority, PumpAction action, boolean latched, InfusionState forces, String clinicianText) {
        this.priority = priority;
        this.action = action;
        this.latched = latched;
        this.forces = forces;
        this.clinicianText = clinicianText;
    }

    public AlarmPriority priority() {
        return priority;
    }

    public PumpAction action() {
        return action;
    }

    /** Latched alarms stay until acknowledged even when their condition has cleared (SR-C2). */
    public boolean latched() {
        return latched;
    }

    /** The lifecycle state this alarm forces (see the class comment for from where), or {@code null}. */
    public InfusionState forces() {
        return forces;
    }

    public String clinicianText() {
        return clinicianText;
    }
}
