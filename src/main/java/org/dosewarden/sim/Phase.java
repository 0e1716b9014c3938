package org.dosewarden.sim;

import java.math.BigDecimal;
import org.dosewarden.pump.newera.NeRateUnit;

/**
 * One step of the pump's program (New Era "phase"): a function and the rate, volume to be infused and
 * direction it runs with.
 *
 * @param function        what the phase does
 * @param rate            rate value as set on the wire (at most 4 digits, at most 3 decimals)
 * @param rateUnit        unit of {@code rate}
 * @param vtbiNanolitres  volume to be infused for this phase, nL; 0 means pump until stopped
 * @param direction       infuse, withdraw or "sticky" (continue the previous phase's direction)
 * @param pauseNanos      length of a {@link Function#PAS} phase, ns
 */
record Phase(Function function, BigDecimal rate, NeRateUnit rateUnit, long vtbiNanolitres, Direction direction,
             long pauseNanos) {

    enum Function { RAT, STP, PAS }

    enum Direction { INF, WDR, STK }

    /** Phase 1 of a factory-fresh simulator: pump 1 mL/h, continuous, infuse (an assumption, see docs). */
    static Phase factoryFirst() {
        return new Phase(Function.RAT, new BigDecimal("1.000"), NeRateUnit.MH, 0, Direction.INF, 0);
    }

    /** Phases 2..41 of a factory-fresh simulator: stop, so a one-phase program ends after phase 1. */
    static Phase factoryOther() {
        return new Phase(Function.STP, new BigDecimal("1.000"), NeRateUnit.MH, 0, Direction.INF, 0);
    }

    long rateNanolitresPerHour() {
        // at most 3 decimals times a whole number of uL/h per unit times 1000: always whole nL/h
        return rate.multiply(rateUnit.microlitresPerHour()).movePointRight(3).longValueExact();
    }

    Phase withFunction(Function f, long pause) {
        return new Phase(f, rate, rateUnit, vtbiNanolitres, direction, pause);
    }

    Phase withRate(BigDecimal value, NeRateUnit unit) {
        return new Phase(function, value, unit, vtbiNanolitres, direction, pauseNanos);
    }

    Phase withVtbi(long nanolitres) {
        return new Phase(function, rate, rateUnit, nanolitres, direction, pauseNanos);
    }

    Phase withDirection(Direction d) {
        return new Phase(function, rate, rateUnit, vtbiNanolitres, d, pauseNanos);
    }
}
