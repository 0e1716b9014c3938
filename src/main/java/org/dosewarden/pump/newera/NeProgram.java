package org.dosewarden.pump.newera;

import java.math.BigDecimal;
import java.util.Optional;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.PumpVerificationException;
import org.dosewarden.pump.line.DriverLink;
import org.dosewarden.pump.newera.NeDriverExchange.Policy;

/**
 * The New Era pumping program under {@link NeDriver}'s volume limit: phase selection, phase functions, direction,
 * and the unit a volume to be infused is written in. Each setting is read first and written only when it differs
 * (NVRAM wear), then read back.
 */
final class NeProgram {

    private final NeDriverExchange exchange;
    private final DriverLink link;

    NeProgram(NeDriverExchange exchange, DriverLink link) {
        this.exchange = exchange;
        this.link = link;
    }

    /**
     * Makes the pump's program the one the volume limit relies on: phase 1 pumps at the rate until the
     * volume to be infused, phase 2 stops, phase 1 selected. Without phase 2 = STP a leftover program could
     * carry on pumping after the VTBI. Only settings that differ are written (NVRAM wear). Pump stopped.
     */
    void ensureSinglePhaseProgram() throws PumpException {
        selectPhase(1);
        ensureFunction("RAT");
        selectPhase(2);
        ensureFunction("STP");
        selectPhase(1);
    }

    /** Makes phase 1's direction {@code wire} ({@code INF}/{@code WDR}), writing it only when it differs. */
    void ensureDirection(String wire) throws PumpException {
        if (exchange.transact("DIR", "", Policy.IDEMPOTENT).data().equals(wire)) {
            return;
        }
        exchange.transact("DIR", wire, Policy.IDEMPOTENT);
        NeReply.Prompt back = exchange.transact("DIR", "", Policy.IDEMPOTENT);
        if (!back.data().equals(wire)) {
            throw new PumpVerificationException("DIR" + wire, link.describe() + " reports direction '" + back.data()
                    + "' after being set to " + wire);
        }
    }

    void selectPhase(int phase) throws PumpException {
        String wanted = Integer.toString(phase);
        BigDecimal current = exchange.parseData("PHN", exchange.transact("PHN", "", Policy.IDEMPOTENT).data(), NeNumber::parse);
        if (current.compareTo(BigDecimal.valueOf(phase)) == 0) {
            return;
        }
        exchange.transact("PHN", wanted, Policy.IDEMPOTENT);
        BigDecimal back = exchange.parseData("PHN", exchange.transact("PHN", "", Policy.IDEMPOTENT).data(), NeNumber::parse);
        if (back.compareTo(BigDecimal.valueOf(phase)) != 0) {
            throw new PumpVerificationException("PHN" + wanted, link.describe() + " reports phase " + back.toPlainString()
                    + " after selecting phase " + wanted);
        }
    }

    private void ensureFunction(String function) throws PumpException {
        if (exchange.transact("FUN", "", Policy.IDEMPOTENT).data().equals(function)) {
            return;
        }
        exchange.transact("FUN", function, Policy.IDEMPOTENT);
        String back = exchange.transact("FUN", "", Policy.IDEMPOTENT).data();
        if (!back.equals(function)) {
            throw new PumpVerificationException("FUN" + function, link.describe() + " reports phase function '" + back
                    + "' after setting " + function);
        }
    }

    /** Keeps the current unit when it expresses the volume exactly; otherwise the unit that comes closest. */
    static NeVolume chooseVolume(Volume volume, NeVolumeUnit currentUnit) {
        NeVolumeUnit other = currentUnit == NeVolumeUnit.UL ? NeVolumeUnit.ML : NeVolumeUnit.UL;
        Optional<NeVolume> inCurrent = NeVolume.floorOf(volume, currentUnit);
        Optional<NeVolume> inOther = NeVolume.floorOf(volume, other);
        BigDecimal exact = BigDecimal.valueOf(volume.microlitres());
        if (inCurrent.isPresent() && inCurrent.get().microlitres().compareTo(exact) == 0) {
            return inCurrent.get();
        }
        if (inOther.isPresent() && (inCurrent.isEmpty()
                || inOther.get().microlitres().compareTo(inCurrent.get().microlitres()) > 0)) {
            return inOther.get();
        }
        return inCurrent.orElseThrow(() -> new IllegalArgumentException("volume to be infused " + volume
                + " does not fit the pump's number format (at most 9999 mL)"));
    }
}
