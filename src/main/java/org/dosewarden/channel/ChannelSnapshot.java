package org.dosewarden.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * An immutable picture of one channel for displays and decisions outside the channel thread.
 *
 * @param name            channel name
 * @param enabled         false when the channel's configuration is invalid or it was disabled
 * @param statusReason    why the channel is disabled or degraded; empty when all is well
 * @param pumpProfile     device profile id, e.g. {@code newera-ne1000}
 * @param port            where the pump is attached: a device path, {@code tcp://host:port} or {@code sim:...}
 * @param linkState       whether the pump answers: connecting, connected, lost, or disabled (never ran)
 * @param infusionState   the safety core's state name: {@code IDLE}, {@code PROGRAMMED},
 *                        {@code AWAITING_CONFIRMATION}, {@code RUNNING}, {@code PAUSED}, {@code COMPLETED},
 *                        {@code STOPPED}, {@code TRIPPED} or {@code FAULT}
 * @param uncertain       a command's outcome is not yet confirmed by readback (SR-D2)
 * @param program         the loaded program, or {@code null} when none is loaded (see {@link #loadedProgram()})
 * @param currentStep     zero-based index of the running plan step; 0 when not running
 * @param delivered       volume delivered in this session so far (journal total, never reset, SR-G2)
 * @param pumpRate        rate the pump last reported (read back), zero when stopped or unknown
 * @param activeAlarms    alarms raised and not yet cleared or acknowledged, oldest first
 * @param asOf            wall time this picture was taken
 * @param progress        where the loaded program stands, or {@code null} when none is loaded
 * @param vitals          the latest usable value of each vital sign, oldest first; empty when none
 * @param afterCare       the session's observations, prompts and monitoring phase (SR-O1..O3), or {@code null}
 *                        when there is no session or its drug entry asks for none
 */
public record ChannelSnapshot(
        String name,
        boolean enabled,
        String statusReason,
        String pumpProfile,
        String port,
        ChannelLinkState linkState,
        String infusionState,
        boolean uncertain,
        LoadedProgram program,
        int currentStep,
        Volume delivered,
        FlowRate pumpRate,
        List<AlarmView> activeAlarms,
        Instant asOf,
        Progress progress,
        List<VitalReading> vitals,
        AfterCareView afterCare) {

    public ChannelSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(statusReason, "statusReason");
        Objects.requireNonNull(pumpProfile, "pumpProfile");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(linkState, "linkState");
        Objects.requireNonNull(infusionState, "infusionState");
        Objects.requireNonNull(delivered, "delivered");
        Objects.requireNonNull(pumpRate, "pumpRate");
        Objects.requireNonNull(asOf, "asOf");
        activeAlarms = List.copyOf(activeAlarms);
        vitals = vitals == null ? List.of() : List.copyOf(vitals);
    }

    /** A picture without program progress and vitals. */
    public ChannelSnapshot(String name, boolean enabled, String statusReason, String pumpProfile, String port,
            ChannelLinkState linkState, String infusionState, boolean uncertain, LoadedProgram program, int currentStep,
            Volume delivered, FlowRate pumpRate, List<AlarmView> activeAlarms, Instant asOf) {
        this(name, enabled, statusReason, pumpProfile, port, linkState, infusionState, uncertain, program, currentStep,
                delivered, pumpRate, activeAlarms, asOf, null, List.of(), null);
    }

    /**
     * Where a loaded program stands.
     *
     * @param planVolume      the program's total volume to be infused
     * @param remainingVolume plan volume minus delivered, not below zero
     * @param remainingTime   the rest of the plan at its planned rates (zero when delivered)
     * @param nearEnd         the near-end advisory was raised and the plan is not yet delivered (SR-C5)
     */
    public record Progress(Volume planVolume, Volume remainingVolume, Duration remainingTime, boolean nearEnd) {
        public Progress {
            Objects.requireNonNull(planVolume, "planVolume");
            Objects.requireNonNull(remainingVolume, "remainingVolume");
            Objects.requireNonNull(remainingTime, "remainingTime");
        }
    }

    /**
     * The latest usable value of one vital sign.
     *
     * @param sign   which sign
     * @param value  whole mmHg, /min or %
     * @param at     wall time it was taken (received)
     * @param breach {@code soft} or {@code hard} when past a limit of the program's vitals profile, else {@code null}
     */
    public record VitalReading(VitalSign sign, int value, Instant at, String breach) {
        public VitalReading {
            Objects.requireNonNull(sign, "sign");
            Objects.requireNonNull(at, "at");
        }
    }

    /** A picture with progress and vitals but without after-care (channels whose session has none). */
    public ChannelSnapshot(String name, boolean enabled, String statusReason, String pumpProfile, String port,
            ChannelLinkState linkState, String infusionState, boolean uncertain, LoadedProgram program, int currentStep,
            Volume delivered, FlowRate pumpRate, List<AlarmView> activeAlarms, Instant asOf, Progress progress,
            List<VitalReading> vitals) {
        this(name, enabled, statusReason, pumpProfile, port, linkState, infusionState, uncertain, program, currentStep,
                delivered, pumpRate, activeAlarms, asOf, progress, vitals, null);
    }

    /** The session's after-care, if it has any. */
    public Optional<AfterCareView> afterCareView() {
        return Optional.ofNullable(afterCare);
    }

    /** The loaded program, if any. */
    public Optional<LoadedProgram> loadedProgram() {
        return Optional.ofNullable(program);
    }

    /**
     * The program a channel holds, and who handled it.
     *
     * @param order        the checked program as it was loaded
     * @param programmedBy user who loaded it
     * @param programmedAt wall time it was loaded
     * @param confirmedBy  second clinician who confirmed it (SR-I2), or {@code null} when not (yet) confirmed
     * @param startedAt    wall time delivery first started, or {@code null}
     * @param expectedEnd  wall time delivery is expected to finish at the planned rates, or {@code null}
     *                     when not running
     * @param sessionId    the session's journal id (its records, its timeline, its export), or {@code null} where
     *                     it is not known (a test double)
     */
    public record LoadedProgram(ProgramOrder order, String programmedBy, Instant programmedAt, String confirmedBy,
                                Instant startedAt, Instant expectedEnd, String sessionId) {
        public LoadedProgram {
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(programmedBy, "programmedBy");
            Objects.requireNonNull(programmedAt, "programmedAt");
        }

        /** A program whose session id is not known. */
        public LoadedProgram(ProgramOrder order, String programmedBy, Instant programmedAt, String confirmedBy,
                             Instant startedAt, Instant expectedEnd) {
            this(order, programmedBy, programmedAt, confirmedBy, startedAt, expectedEnd, null);
        }
    }

    /**
     * A session's after-care (SR-O1..O3) as a clinician sees it.
     *
     * @param observations       ids of the observations the drug entry names, in its order
     * @param prompts            the entry's prompts and where each stands
     * @param monitoringAfter    the monitoring period after delivery; zero when none
     * @param monitoringSince    wall time the monitoring phase began (again, after a restart), or {@code null}
     *                           before delivery has ended
     * @param dischargeFrom      earliest wall time of a discharge sign-off, or {@code null} while monitoring has not
     *                           begun
     * @param recorded           observations recorded in this session so far
     */
    public record AfterCareView(List<String> observations, List<PromptView> prompts, java.time.Duration monitoringAfter,
                                Instant monitoringSince, Instant dischargeFrom, int recorded) {
        public AfterCareView {
            observations = List.copyOf(observations);
            prompts = List.copyOf(prompts);
            Objects.requireNonNull(monitoringAfter, "monitoringAfter");
        }
    }

    /**
     * One prompt for observations (SR-O2).
     *
     * @param prompt {@code PT40M} or {@code end}
     * @param dueAt  when it is (or was) due, or {@code null} while that is not known yet (the start or the end of
     *               delivery has not come)
     * @param status {@code pending} (not yet due), {@code due} (due and not answered) or {@code answered}
     */
    public record PromptView(String prompt, Instant dueAt, String status) {
        public PromptView {
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * One active alarm as a clinician sees it.
     *
     * @param id             stable id, used by the acknowledge endpoint
     * @param type           alarm type from the safety core's alarm table, e.g. {@code OVER_INFUSION}
     * @param priority       {@code HIGH}, {@code MEDIUM} or {@code LOW} (IEC 60601-1-8)
     * @param message        clinician text stating the delivery consequence
     * @param raisedAt       wall time it was raised
     * @param latched        stays until acknowledged even when the condition clears (SR-C2)
     * @param acknowledgedBy user who acknowledged it, or {@code null}
     */
    public record AlarmView(String id, String type, String priority, String message, Instant raisedAt,
                            boolean latched, String acknowledgedBy) {
        public AlarmView {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(priority, "priority");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(raisedAt, "raisedAt");
        }
    }
}
