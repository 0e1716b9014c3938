package org.dosewarden.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import org.dosewarden.pump.ultra.UltraPrompt;

/**
 * A simulated Ultra-family pump (Harvard Pump 11 Elite behaviour) at the level of decoded commands: the settings it
 * works with and those it keeps across power loss, poll mode and the {@code nvram} setting, the target volume, the
 * motor, the stall latch and the target-reached state, on a {@link SyringeDrive}. Command handling is in
 * {@link UltraCommands}; the wire in {@link SimulatedUltraPump}, which serialises every call.
 *
 * <p>Assumptions where the public sources are silent (docs/simulator.md): the target counts the infused counter
 * (as the pump's display shows both) and the motor stops on it to the nanolitre; a stall latches until cleared at the
 * display; poll mode and {@code nvram none} are forgotten at power-up; with {@code nvram none} settings sent over the
 * line are not stored, so a power cycle brings back the stored ones; the counters and the target read zero and
 * unset after power-up.
 */
final class UltraModel extends PumpModel {

    /** Elite plunger speed range (device profile harvard-elite). */
    static final BigDecimal MIN_SPEED_CM_PER_H = new BigDecimal("0.00108");
    static final BigDecimal MAX_SPEED_CM_PER_MIN = new BigDecimal("15.9");
    static final BigDecimal MIN_DIAMETER_MM = new BigDecimal("0.1");
    static final BigDecimal MAX_DIAMETER_MM = new BigDecimal("33");

    enum Motion { IDLE, INFUSING, WITHDRAWING }

    /** A rate as it was given: value and unit words, so it is written back exactly as set. */
    record Rate(BigDecimal value, String unit, BigDecimal microlitresPerHour) {}

    /** What the pump works with; a copy is kept in non-volatile memory. */
    record Settings(BigDecimal diameterMm, Rate infuseRate, Rate withdrawRate) {}

    private final int address;
    private final String identity;
    private Settings stored;
    private Settings working;
    private boolean pollMode;
    private boolean nvramNone;
    /** Target volume in µL (exact), null when not set; and the unit it was set in. */
    private BigDecimal targetMicrolitres;
    private String targetUnit = "ml";
    private Motion motion = Motion.IDLE;
    private boolean stalled;
    private boolean targetReached;
    private long nvramWrites;

    UltraModel(long now, int address, BigDecimal diameterMm, String identity) {
        super(now, MIN_SPEED_CM_PER_H, MAX_SPEED_CM_PER_MIN);
        this.address = address;
        this.identity = identity;
        Rate none = new Rate(BigDecimal.ZERO, "ml/hr", BigDecimal.ZERO);
        this.stored = new Settings(diameterMm, none, none);
        restoreVolatile();
    }

    // =====================================================================================  time and physics

    /** When the motor reaches the target, or {@link Long#MAX_VALUE}. */
    @Override
    long nextInternalEvent() {
        Optional<Long> remaining = remainingToTargetNl();
        if (remaining.isEmpty()) {
            return Long.MAX_VALUE;
        }
        if (remaining.get() <= 0) {
            return lastNanos();
        }
        long rate = motorRate();
        if (rate == 0) {
            return Long.MAX_VALUE;
        }
        long dt = drive.nanosToMove(remaining.get(), rate);
        return dt == Long.MAX_VALUE ? Long.MAX_VALUE : lastNanos() + dt;
    }

    /** nL left to the target while infusing toward one the pump honours. */
    private Optional<Long> remainingToTargetNl() {
        if (motion != Motion.INFUSING || targetMicrolitres == null || ignoresVolumeLimit() || !powered()) {
            return Optional.empty();
        }
        long targetNl = targetMicrolitres.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
        return Optional.of(targetNl - drive.infusedCounterNl());
    }

    /** The only event: the motor reaches the target. */
    @Override
    void fireDueEvents() {
        reachTarget();
    }

    private void reachTarget() {
        motion = Motion.IDLE;
        targetReached = true;
    }

    @Override
    boolean withdrawing() {
        return motion == Motion.WITHDRAWING;
    }

    /** The set rate of the running direction, nL/h. */
    @Override
    long commandedRateNlPerHour() {
        Rate r = switch (motion) {
            case INFUSING -> working.infuseRate();
            case WITHDRAWING -> working.withdrawRate();
            case IDLE -> null;
        };
        return r == null ? 0 : r.microlitresPerHour().movePointRight(3).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    // =====================================================================================  limits

    @Override
    BigDecimal diameterMm() {
        return working.diameterMm();
    }

    BigDecimal minRateMicrolitresPerHour() {
        return minRateNlPerHour().movePointLeft(3);
    }

    BigDecimal maxRateMicrolitresPerHour() {
        return maxRateNlPerHour().movePointLeft(3);
    }

    boolean rateInRange(BigDecimal microlitresPerHour) {
        return microlitresPerHour.compareTo(minRateMicrolitresPerHour()) >= 0
                && microlitresPerHour.compareTo(maxRateMicrolitresPerHour()) <= 0;
    }

    // =====================================================================================  power, stall

    @Override
    void lostPower() {
        motion = Motion.IDLE;
    }

    @Override
    void poweredUp() {
        restoreVolatile();
    }

    private void restoreVolatile() {
        working = stored;
        pollMode = false;
        nvramNone = false;
        targetMicrolitres = null;
        motion = Motion.IDLE;
        stalled = false;
        targetReached = false;
        drive.powerUp();
    }

    @Override
    void motorStalled() {
        motion = Motion.IDLE;
        stalled = true;
    }

    void clearStall() {
        stalled = false;
    }

    // =====================================================================================  what commands change

    Settings settings() {
        return working;
    }

    /** A setting sent over the line: also written to non-volatile memory unless {@code nvram none}. */
    void settings(Settings next) {
        working = next;
        if (!nvramNone) {
            stored = next;
            nvramWrites++;
        }
    }

    void pollMode(boolean on) {
        pollMode = on;
    }

    boolean pollMode() {
        return pollMode;
    }

    void nvramNone(boolean none) {
        nvramNone = none;
    }

    boolean nvramNone() {
        return nvramNone;
    }

    Optional<BigDecimal> targetMicrolitres() {
        return Optional.ofNullable(targetMicrolitres);
    }

    String targetUnit() {
        return targetUnit;
    }

    void target(BigDecimal microlitres, String unit) {
        targetMicrolitres = microlitres;
        targetUnit = unit;
        targetReached = false;
    }

    void clearCounters(boolean infused, boolean withdrawn) {
        if (infused) {
            drive.clearInfusedCounter();
        }
        if (withdrawn) {
            drive.clearWithdrawnCounter();
        }
        targetReached = false;
    }

    /** {@code irun}/{@code wrun}: runs unless stalled, or (infusing) the target is already reached. */
    void run(Motion direction) {
        if (stalled || !powered()) {
            return;
        }
        targetReached = false;
        motion = direction;
        if (remainingToTargetNl().map(r -> r <= 0).orElse(false)) {
            reachTarget();
        }
    }

    void stop() {
        motion = Motion.IDLE;
        targetReached = false;
    }

    // =====================================================================================  observation

    UltraPrompt prompt() {
        if (stalled) {
            return UltraPrompt.STALLED;
        }
        return switch (motion) {
            case INFUSING -> UltraPrompt.INFUSING;
            case WITHDRAWING -> UltraPrompt.WITHDRAWING;
            case IDLE -> targetReached ? UltraPrompt.TARGET_REACHED : UltraPrompt.IDLE;
        };
    }

    Motion motion() {
        return motion;
    }

    boolean stalled() {
        return stalled;
    }

    int address() {
        return address;
    }

    String identity() {
        return identity;
    }

    long nvramWrites() {
        return nvramWrites;
    }
}
