package org.dosewarden.sim;

import java.util.function.LongPredicate;
import org.dosewarden.pump.newera.NeStatus;
import org.dosewarden.sim.Phase.Direction;
import org.dosewarden.sim.Phase.Function;

/**
 * The pumping program of a simulated NE-1000 (reference §1.9, §1.12): the working copy of the phases (a rate set
 * while pumping changes only this copy), the status the pump shows, which phase is selected for editing and which
 * one runs, the motor's direction, pause-phase timers and the volume the running phase has delivered.
 *
 * <p>A {@code RAT} phase runs until its volume to be infused is delivered ({@code 0} = until stopped), then the next
 * phase begins; an {@code STP} phase or the end of the phases stops the program; a {@code PAS} phase waits. A
 * {@code RAT} phase whose rate the motor cannot drive stops the program and is reported to the caller, who raises
 * the phase-out-of-range alarm.
 */
final class Ne1000Program {

    static final int PHASES = Ne1000Memory.PHASES;

    private final Phase[] phases = new Phase[PHASES + 1];
    private final LongPredicate rateInRange;
    private NeStatus state = NeStatus.STOPPED;
    private int selectedPhase = 1;
    private int executingPhase = 1;
    private Direction motorDirection = Direction.INF;
    private long pauseEndsAt;
    /** Time left in a PAS phase that STP paused, ns. */
    private long pauseLeftWhenPaused;
    private long phaseDeliveredNl;

    /** @param rateInRange whether the motor can drive a rate in nL/h with the current syringe */
    Ne1000Program(LongPredicate rateInRange) {
        this.rateInRange = rateInRange;
    }

    /** Power-up: the stored program is loaded and nothing runs. */
    void restore(Ne1000Memory memory) {
        memory.loadProgram(phases);
        state = NeStatus.STOPPED;
        selectedPhase = 1;
        executingPhase = 1;
        phaseDeliveredNl = 0;
        motorDirection = Direction.INF;
    }

    /** {@code *RESET}: the (factory) stored program is loaded and phase 1 selected. */
    void restoreProgramOnly(Ne1000Memory memory) {
        memory.loadProgram(phases);
        selectedPhase = 1;
    }

    // =====================================================================================  state

    NeStatus state() {
        return state;
    }

    boolean isPumpingPhase() {
        return state == NeStatus.INFUSING || state == NeStatus.WITHDRAWING;
    }

    /** True when the motor is driven (pumping or purging), power permitting. */
    boolean drivesMotor() {
        return isPumpingPhase() || state == NeStatus.PURGING;
    }

    /** "Operating" = the program runs or is paused; stopped-only commands answer ?NA then. */
    boolean operating() {
        return state != NeStatus.STOPPED;
    }

    Direction motorDirection() {
        return motorDirection;
    }

    int selectedPhase() {
        return selectedPhase;
    }

    void selectPhase(int n) {
        selectedPhase = n;
    }

    int executingPhase() {
        return executingPhase;
    }

    /** The phase commands act on: the running one while operating, else the selected one. */
    int currentPhase() {
        return operating() ? executingPhase : selectedPhase;
    }

    Phase phase(int n) {
        return phases[n];
    }

    /** Changes the working copy only (a rate set while pumping is not stored). */
    void replacePhase(int n, Phase p) {
        phases[n] = p;
    }

    /** The rate the motor is told to run, nL/h: the phase's while pumping, {@code purgeRate} while purging, else 0. */
    long commandedRate(long purgeRate) {
        if (isPumpingPhase()) {
            return phases[executingPhase].rateNanolitresPerHour();
        }
        return state == NeStatus.PURGING ? purgeRate : 0;
    }

    /** The motor moved {@code nl} for the running phase. */
    void moved(long nl) {
        if (isPumpingPhase()) {
            phaseDeliveredNl = Math.addExact(phaseDeliveredNl, nl);
        }
    }

    // =====================================================================================  events

    /**
     * When the program next changes by itself: the end of a pause phase or the running phase's volume reached;
     * {@link Long#MAX_VALUE} when neither is pending.
     */
    long nextEvent(long now, SyringeDrive drive, long actualRate, boolean ignoresVtbi) {
        long next = Long.MAX_VALUE;
        if (state == NeStatus.PAUSE_PHASE) {
            next = Math.min(next, pauseEndsAt);
        }
        if (isPumpingPhase() && !ignoresVtbi) {
            long vtbi = phases[executingPhase].vtbiNanolitres();
            if (vtbi > 0) {
                long remaining = vtbi - phaseDeliveredNl;
                if (remaining <= 0) {
                    next = Math.min(next, now);
                } else if (actualRate > 0) {
                    long dt = drive.nanosToMove(remaining, actualRate);
                    if (dt <= Long.MAX_VALUE - now) {
                        next = Math.min(next, now + dt);
                    }
                }
            }
        }
        return next;
    }

    /**
     * Moves on from a pause or a completed phase that is due at {@code now}.
     *
     * @return false when the phase entered could not run (rate out of range): the program stopped
     */
    boolean fireDue(long now, boolean ignoresVtbi) {
        if (state == NeStatus.PAUSE_PHASE && pauseEndsAt <= now) {
            return enterPhase(executingPhase + 1, now);
        }
        if (isPumpingPhase() && !ignoresVtbi) {
            long vtbi = phases[executingPhase].vtbiNanolitres();
            if (vtbi > 0 && phaseDeliveredNl >= vtbi) {
                return enterPhase(executingPhase + 1, now);
            }
        }
        return true;
    }

    // =====================================================================================  transitions

    /** RUN from stopped. @return false when the first phase could not run (see {@link #fireDue}) */
    boolean start(int phase, long now) {
        motorDirection = Direction.INF;  // phase 1 STK follows TTL pin 3; unconnected reads as infuse (assumed)
        return enterPhase(phase, now);
    }

    private boolean enterPhase(int n, long now) {
        for (int p = n; ; p++) {
            if (p > PHASES) {
                stop();
                return true;
            }
            Phase phase = phases[p];
            switch (phase.function()) {
                case STP -> {
                    stop();
                    return true;
                }
                case PAS -> {
                    if (phase.pauseNanos() > 0) {
                        executingPhase = p;
                        state = NeStatus.PAUSE_PHASE;
                        pauseEndsAt = now + phase.pauseNanos();
                        return true;
                    }
                }
                case RAT -> {
                    if (!rateInRange.test(phase.rateNanolitresPerHour())) {
                        stop();
                        return false;
                    }
                    executingPhase = p;
                    if (phase.direction() != Direction.STK) {
                        motorDirection = phase.direction();
                    }
                    phaseDeliveredNl = 0;
                    state = motorDirection == Direction.WDR ? NeStatus.WITHDRAWING : NeStatus.INFUSING;
                    return true;
                }
            }
        }
    }

    /** Stopped, back at phase 1. */
    void stop() {
        state = NeStatus.STOPPED;
        executingPhase = 1;
        phaseDeliveredNl = 0;
    }

    /** STP while running: a pumping phase or a trigger wait pauses, a pause phase keeps its time left. */
    void pause(long now) {
        if (state == NeStatus.PAUSE_PHASE) {
            pauseLeftWhenPaused = Math.max(0, pauseEndsAt - now);
        }
        state = NeStatus.PAUSED;
    }

    /** RUN from paused: the phase carries on where it was. */
    void resume(long now) {
        if (phases[executingPhase].function() == Function.PAS) {
            state = NeStatus.PAUSE_PHASE;
            pauseEndsAt = now + pauseLeftWhenPaused;
        } else {
            state = motorDirection == Direction.WDR ? NeStatus.WITHDRAWING : NeStatus.INFUSING;
        }
    }

    /** PUR from stopped: at the maximum rate, in the selected phase's direction. */
    void purge() {
        motorDirection = phases[selectedPhase].direction() == Direction.WDR ? Direction.WDR : Direction.INF;
        state = NeStatus.PURGING;
    }

    /** DIR while operating (only a continuous phase): the motor turns round at once. */
    void turn(Direction wanted) {
        motorDirection = wanted;
        if (isPumpingPhase()) {
            state = wanted == Direction.WDR ? NeStatus.WITHDRAWING : NeStatus.INFUSING;
        }
    }

    /** The power failed: nothing runs (the working copy is reloaded at power-up). */
    void powerLost() {
        state = NeStatus.STOPPED;
    }
}
