package org.dosewarden.channel;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.dosewarden.dose.check.LimitOverride;

/**
 * A clinician's request to change a channel, as posted by a front end (HTTP, MQTT, GPIO reset button).
 * It says who asked, when, what, and until when the request is still valid (SR-D3): the channel refuses
 * it as stale when it reaches the front of the queue after {@code expiresAtNanos}.
 *
 * @param user           the authenticated user name (never empty); journaled with the outcome (SR-I1)
 * @param via            the front end that carried it, e.g. {@code "http"}, {@code "mqtt"}
 * @param issuedAt       wall time the request arrived, for the journal
 * @param expiresAtNanos monotonic deadline on the daemon's shared {@code TimeSource}
 *                       ({@code TimeSource.monotonicNanos()} scale); after it the intent is stale
 * @param action         what to do, with its parameters
 */
public record ClinicianIntent(String user, String via, Instant issuedAt, long expiresAtNanos, ClinicianAction action) {

    public ClinicianIntent {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(action, "action");
        if (user.isBlank()) {
            throw new IllegalArgumentException("an intent needs the user who asked for it");
        }
    }

    /** The actions a clinician can ask of a channel. The safety core decides which are legal when. */
    public sealed interface ClinicianAction {

        /** Short lowercase name used on the wire and in the journal: {@code program}, {@code start} ... */
        String name();

        /**
         * Load a checked program (IDLE → PROGRAMMED, or AWAITING_CONFIRMATION for a high-alert drug; the
         * safety core's table decides). The front end has already run the programming check; the channel
         * re-checks what depends on its own state.
         */
        record Program(ProgramOrder order) implements ClinicianAction {
            public Program {
                Objects.requireNonNull(order, "order");
            }

            @Override
            public String name() {
                return "program";
            }
        }

        /** A second, different clinician confirms a high-alert program before start (SR-I2). */
        record Confirm() implements ClinicianAction {
            @Override
            public String name() {
                return "confirm";
            }
        }

        /**
         * Start delivery of the loaded program. {@code overrides} answer start-time soft checks, each with a
         * reason; empty when none are needed. The limit id {@value #VITALS_GATE} overrides the vitals
         * pre-start gate (the safety core's {@code OverrideVitalsGate}).
         */
        record Start(List<LimitOverride> overrides) implements ClinicianAction {
            /** Limit id that overrides the vitals pre-start gate. */
            public static final String VITALS_GATE = "vitals.startGate";

            public Start {
                overrides = List.copyOf(overrides);
            }

            @Override
            public String name() {
                return "start";
            }
        }

        /** Pause delivery (rate 0), keeping the program and the delivered total. */
        record Pause() implements ClinicianAction {
            @Override
            public String name() {
                return "pause";
            }
        }

        /**
         * Resume a paused infusion; never automatic. It passes the same gates as a start, so
         * {@code overrides} may carry {@link Start#VITALS_GATE} with a reason, like {@link Start}.
         */
        record Resume(List<LimitOverride> overrides) implements ClinicianAction {
            public Resume {
                overrides = List.copyOf(overrides);
            }

            @Override
            public String name() {
                return "resume";
            }
        }

        /** Stop delivery for good; the session can then only be ended or re-programmed. */
        record Stop() implements ClinicianAction {
            @Override
            public String name() {
                return "stop";
            }
        }

        /**
         * Close the session; the channel returns to IDLE. {@code reason} may be empty, except that ending a
         * TRIPPED or FAULT session needs one, and so does a session that owes after-care monitoring (SR-O3): the
         * reason then overrides the discharge sign-off (the safety core refuses it otherwise).
         */
        record End(String reason) implements ClinicianAction {
            public End {
                Objects.requireNonNull(reason, "reason");
            }

            @Override
            public String name() {
                return "end";
            }
        }

        /**
         * Acknowledge one alarm (SR-C2). {@code alarmId} is the id shown in the snapshot, as text; an id the
         * channel does not know (or cannot parse) is answered {@link IntentResult.NotApplicable}.
         */
        record AcknowledgeAlarm(String alarmId) implements ClinicianAction {
            public AcknowledgeAlarm {
                Objects.requireNonNull(alarmId, "alarmId");
            }

            @Override
            public String name() {
                return "acknowledge";
            }
        }

        /**
         * Clear a TRIPPED or FAULT infusion to PAUSED once its alarms are acknowledged, with a clinician's
         * reason; delivery stays stopped until a resume.
         */
        record ResetTrip(String reason) implements ClinicianAction {
            public ResetTrip {
                Objects.requireNonNull(reason, "reason");
                if (reason.isBlank()) {
                    throw new IllegalArgumentException("resetting a trip needs a reason");
                }
            }

            @Override
            public String name() {
                return "reset-trip";
            }
        }

        /**
         * Discharge sign-off at the end of the after-care monitoring phase (SR-O3): the monitoring period is over
         * and {@code escortConfirmed}; the session closes (the safety core checks both).
         */
        record Discharge(boolean escortConfirmed) implements ClinicianAction {
            @Override
            public String name() {
                return "discharge";
            }
        }

        /**
         * Record an observation of the session's patient (SR-O1). The front end has checked {@code valueJson}
         * against the observation's definition; the channel checks that the session's drug entry names the
         * observation and journals it in the session. It changes nothing about delivery.
         *
         * @param observation the observation id, e.g. {@code cadss}
         * @param valueJson   the recorded value as JSON (a number, a text or an object)
         * @param prompt      the prompt it answers ({@code PT40M}, {@code end}), or empty
         */
        record RecordObservation(String observation, String valueJson, String prompt) implements ClinicianAction {
            public RecordObservation {
                Objects.requireNonNull(observation, "observation");
                Objects.requireNonNull(valueJson, "valueJson");
                Objects.requireNonNull(prompt, "prompt");
            }

            @Override
            public String name() {
                return "observation";
            }
        }

        /** Clear the emergency-stop latch once the input is released, with a clinician's reason. */
        record ResetEmergencyStop(String reason) implements ClinicianAction {
            public ResetEmergencyStop {
                Objects.requireNonNull(reason, "reason");
                if (reason.isBlank()) {
                    throw new IllegalArgumentException("resetting an emergency stop needs a reason");
                }
            }

            @Override
            public String name() {
                return "reset-emergency-stop";
            }
        }
    }
}
