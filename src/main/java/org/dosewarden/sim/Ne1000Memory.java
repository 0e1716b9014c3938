package org.dosewarden.sim;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.TreeMap;
import org.dosewarden.pump.newera.NeVolumeUnit;

/**
 * What a simulated NE-1000 remembers across power loss (its non-volatile memory): diameter, volume units, the
 * stored program (function, rate, VTBI, direction of every phase), SAF timeout, address, baud, and the on/off
 * flags (keypad lock, AL, BP, LN, PF). Every change counts as one write ({@link #writes()}), so tests can see
 * EEPROM wear.
 */
final class Ne1000Memory {

    static final int PHASES = 41;
    static final int DEFAULT_BAUD = 19200;

    private BigDecimal diameterMm;
    private NeVolumeUnit volumeUnit;
    private final Phase[] phases = new Phase[PHASES + 1];
    private int safSeconds;
    private int address;
    private int baud = DEFAULT_BAUD;
    private final TreeMap<String, Integer> flags = new TreeMap<>();
    private long writes;

    Ne1000Memory(int address, BigDecimal diameterMm, int safSeconds) {
        factoryProgram();
        this.address = address;
        this.diameterMm = diameterMm;
        this.volumeUnit = NeVolumeUnit.forDiameter(diameterMm);
        this.safSeconds = safSeconds;
    }

    private void factoryProgram() {
        Arrays.fill(phases, 1, PHASES + 1, Phase.factoryOther());
        phases[1] = Phase.factoryFirst();
    }

    /** Copies the stored program into {@code target[1..PHASES]} (power-up, reset). */
    void loadProgram(Phase[] target) {
        System.arraycopy(phases, 1, target, 1, PHASES);
    }

    Phase phase(int n) {
        return phases[n];
    }

    void storePhase(int n, Phase p) {
        phases[n] = p;
        writes++;
    }

    BigDecimal diameterMm() {
        return diameterMm;
    }

    /** A new diameter also sets the volume units (at or below 14.00 mm µL, above mL). */
    void diameter(BigDecimal mm) {
        diameterMm = mm;
        volumeUnit = NeVolumeUnit.forDiameter(mm);
        writes++;
    }

    NeVolumeUnit volumeUnit() {
        return volumeUnit;
    }

    void volumeUnit(NeVolumeUnit unit) {
        volumeUnit = unit;
        writes++;
    }

    int safSeconds() {
        return safSeconds;
    }

    void safSeconds(int seconds) {
        safSeconds = seconds;
        writes++;
    }

    int address() {
        return address;
    }

    int baud() {
        return baud;
    }

    /** {@code *ADR n [B baud]}: one write for both. */
    void addressAndBaud(int newAddress, int newBaud) {
        address = newAddress;
        baud = newBaud;
        writes++;
    }

    int flag(String name) {
        return flags.getOrDefault(name, 0);
    }

    void flag(String name, int value) {
        flags.put(name, value);
        writes++;
    }

    /** {@code *RESET}: the factory program, basic mode (SAF 0) and address 0. */
    void reset() {
        factoryProgram();
        safSeconds = 0;
        address = 0;
        writes++;
    }

    long writes() {
        return writes;
    }
}
