package org.dosewarden.safety;

import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * A syringe pump model that can misbehave: wrong rate factor, ignored VTBI, free flow, stall, silence
 * (with a pump-side watchdog like New Era safe mode), power reset, and the "rate step above 2× keeps the old
 * rate" fault of the first clinical incident. It tracks the truth (what really entered the patient) apart
 * from the counter it reports.
 */
final class ModelPump {

    private static final long UL_NANOS_PER_HOUR_UNIT = 3_600_000_000_000L;

    PumpActivity mode = PumpActivity.STOPPED;
    long programmedRate;      // µL/h, what the host programmed
    long deliveringRate;      // µL/h the mechanism uses when programmed (faults may differ)
    long vtbiLeft;            // µL left of the armed VTBI
    long counter;             // what the pump reports, µL
    long truth;               // what really entered the patient, µL (never reset)
    private long accumulator; // µL·ns/h not yet a whole µL

    // faults
    int rateFactorPermille = 1000;
    boolean reportsDeliveringRate;
    boolean ignoresVtbi;
    long freeFlowUlPerHour;
    boolean stalled;
    boolean silent;
    boolean keepsOldRateOnBigStep;
    /** Programs still to be damaged by line noise: the pump stops and takes the rate but not the volume limit. */
    int programsGarbled;
    long watchdogNanos = 1_000_000_000L;
    int stopsToIgnore;
    long ownKvoAtEndUlPerHour;
    private long silentFor;
    boolean watchdogTripped;

    /** The mechanism runs for {@code nanos}. */
    void advance(long nanos) {
        if (silent) {
            silentFor += nanos;
            if (silentFor >= watchdogNanos && mode == PumpActivity.INFUSING) {
                // New Era safe mode: the host went quiet, the pump stops itself and raises A?T.
                mode = PumpActivity.STOPPED;
                watchdogTripped = true;
            }
        }
        long rate = 0;
        if (mode == PumpActivity.INFUSING && !stalled) {
            rate = deliveringRate * rateFactorPermille / 1000;
        } else if (mode != PumpActivity.INFUSING) {
            rate = freeFlowUlPerHour;
        }
        accumulator += rate * nanos / 1000; // µL·µs/h to stay in long range
        long whole = accumulator / (UL_NANOS_PER_HOUR_UNIT / 1000);
        accumulator -= whole * (UL_NANOS_PER_HOUR_UNIT / 1000);
        if (mode == PumpActivity.INFUSING && !stalled && !ignoresVtbi) {
            long pumped = Math.min(whole, vtbiLeft);
            vtbiLeft -= pumped;
            counter += pumped;
            truth += pumped;
            if (vtbiLeft == 0) {
                accumulator = 0;
                if (ownKvoAtEndUlPerHour > 0) {
                    // The quiet end-of-infusion fault: the pump drops to its own low rate instead of stopping.
                    deliveringRate = ownKvoAtEndUlPerHour;
                    programmedRate = ownKvoAtEndUlPerHour;
                    vtbiLeft = Long.MAX_VALUE / 4;
                } else {
                    mode = PumpActivity.STOPPED;
                }
            }
        } else {
            counter += whole;
            truth += whole;
        }
    }

    /** Executes one command as a driver would; a silent pump answers nothing. */
    CommandResult execute(PumpCommand command) {
        if (silent) {
            return CommandResult.TIMED_OUT;
        }
        silentFor = 0;
        switch (command) {
            case PumpCommand.ProgramStep p -> {
                mode = PumpActivity.STOPPED;
                long previous = programmedRate;
                programmedRate = p.rate().microlitresPerHour();
                boolean bigStep = previous > 0 && programmedRate > 2 * previous;
                deliveringRate = keepsOldRateOnBigStep && bigStep ? previous : programmedRate;
                if (programsGarbled > 0) {
                    // The rate got through; the volume limit was lost to line noise, and so was every answer.
                    programsGarbled--;
                    return CommandResult.TIMED_OUT;
                }
                vtbiLeft = p.vtbi().microlitres();
            }
            case PumpCommand.StartPump s -> {
                if (vtbiLeft > 0 || ignoresVtbi) {
                    mode = PumpActivity.INFUSING;
                }
            }
            case PumpCommand.PausePump p -> {
                if (mode == PumpActivity.INFUSING) {
                    mode = PumpActivity.PAUSED;
                }
            }
            case PumpCommand.StopPump s -> {
                if (stopsToIgnore > 0) {
                    stopsToIgnore--;
                } else {
                    mode = PumpActivity.STOPPED;
                }
            }
            case PumpCommand.ReadBack r -> {
            }
        }
        return CommandResult.CONFIRMED;
    }

    Event.PumpReading reading(Moment at) {
        long reported = reportsDeliveringRate ? deliveringRate * rateFactorPermille / 1000 : programmedRate;
        return new Event.PumpReading(at, mode, FlowRate.ofMicrolitresPerHour(reported), Volume.ofMicrolitres(counter));
    }

    /** Power cycle: volatile state and the counter are gone, the pump is stopped. */
    void powerCycle() {
        mode = PumpActivity.STOPPED;
        counter = 0;
        vtbiLeft = 0;
        accumulator = 0;
    }

    long currentDeliveringRate() {
        return Math.max(deliveringRate * Math.max(rateFactorPermille, 1000) / 1000, programmedRate);
    }
}
