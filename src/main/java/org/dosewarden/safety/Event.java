package org.dosewarden.safety;

import java.util.List;
import java.util.Objects;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * Everything that can happen to a channel, as plain values with the time it happened. The journal stores
 * these as the inputs; folding {@link SafetyCore#decide} over them from {@link ChannelState#initial}
 * rebuilds the state exactly ({@link Replay}).
 */
public sealed interface Event permits Intent, Event.PumpReading, Event.PumpAlarmReported,
        Event.PumpCounterCleared, Event.CommandOutcome, Event.LinkLost, Event.LinkRestored,
        Event.PumpAnswered, Event.VitalsReading, Event.EmergencyStopPressed, Event.EmergencyStopReleased,
        Event.JournalWriteFailed, Event.JournalRestored, Event.ClockTick, Event.DaemonRecovered {

    /** When it happened. */
    Moment at();

    /** The event's type name, as journaled ("PumpReading", "StartInfusion", ...). */
    default String eventType() {
        return getClass().getSimpleName();
    }

    /**
     * One poll of the pump (also the answer to a {@link PumpCommand.ReadBack}).
     *
     * @param mode           what the pump says it is doing
     * @param rate           the rate the pump reports for the running phase
     * @param infusedCounter the pump's own delivered counter (infused direction). It only grows unless the
     *                       pump was power cycled or cleared; a lower value is treated as a cleared counter.
     */
    record PumpReading(Moment at, PumpActivity mode, FlowRate rate, Volume infusedCounter) implements Event {
        public PumpReading {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(rate, "rate");
            Objects.requireNonNull(infusedCounter, "infusedCounter");
        }
    }

    /** The pump reported an alarm of its own (stall, power reset, watchdog, program error). */
    record PumpAlarmReported(Moment at, PumpAlarmKind kind, String code) implements Event {
        public PumpAlarmReported {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(code, "code");
        }
    }

    /**
     * The shell knows the pump's delivered counter restarted from zero (power cycle, or it cleared it) and
     * says so before the next reading: that reading is then counted in full from zero. The delivered total
     * already counted is kept (SR-G2). A reading below the last one is also taken as a cleared counter.
     */
    record PumpCounterCleared(Moment at, String reason) implements Event {
        public PumpCounterCleared {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** How one command of a step ended. */
    record CommandOutcome(Moment at, PumpCommand command, CommandResult result, String detail) implements Event {
        public CommandOutcome {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The transport reported the link gone (the core also notices silence itself, on ticks). */
    record LinkLost(Moment at, String reason) implements Event {
        public LinkLost {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The transport is open again; the next reading proves the pump answers. */
    record LinkRestored(Moment at) implements Event {
    }

    /**
     * SR-D7: the pump gave a well-formed reply at {@code at}, although the reading or command it belonged to did not
     * complete (line noise damaged the others). The pump is there, so the link timer starts again from the reply; a
     * link already counted as lost is not restored by it (that takes a whole reading).
     */
    record PumpAnswered(Moment at) implements Event {
    }

    /**
     * A vitals message: the signs it contains (a sign may be absent). Values the monitor marked invalid
     * arrive with {@code valid = false}.
     */
    record VitalsReading(Moment at, List<VitalValue> values) implements Event {
        public VitalsReading {
            values = List.copyOf(values);
        }
    }

    /** The emergency-stop input reads "stop" (pressed, or a broken wire). */
    record EmergencyStopPressed(Moment at, String source) implements Event {
        public EmergencyStopPressed {
            Objects.requireNonNull(source, "source");
        }
    }

    /** The emergency-stop input reads "run" again. The latch stays until a clinician resets it. */
    record EmergencyStopReleased(Moment at, String source) implements Event {
        public EmergencyStopReleased {
            Objects.requireNonNull(source, "source");
        }
    }

    /** Writing the journal failed (SR-C4): no new starts until it works again. */
    record JournalWriteFailed(Moment at, String detail) implements Event {
        public JournalWriteFailed {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The journal accepts writes again. */
    record JournalRestored(Moment at) implements Event {
    }

    /** Time passes: timeouts, windows and staleness are judged on ticks (send one at least every poll). */
    record ClockTick(Moment at) implements Event {
    }

    /**
     * The daemon restarted and rebuilt this channel from the journal: a new process epoch whose monotonic
     * clock has another origin. A running infusion comes back PAUSED with a latched alarm; nothing restarts
     * by itself; the delivered total is kept (SR-G2); every time window starts again.
     */
    record DaemonRecovered(Moment at, String detail) implements Event {
        public DaemonRecovered {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
