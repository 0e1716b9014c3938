package org.dosewarden.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dosewarden.pump.newera.NeAlarm;
import org.dosewarden.pump.newera.NeStatus;
import org.dosewarden.pump.newera.NeVolumeUnit;
import org.dosewarden.sim.Phase.Direction;

/**
 * The NE-1000 itself, at the level of decoded command text (framing, addressing and the alarm latch on the wire
 * live in {@link SimulatedPump}): power, the alarm latch and the safe-mode communications timer, and time moving
 * on. Its parts: what it remembers across power loss ({@link Ne1000Memory}), its syringe drive
 * ({@link SyringeDrive}), its pumping program ({@link Ne1000Program}) and its command handlers
 * ({@link Ne1000Commands}). Not thread-safe: {@link SimulatedPump} serialises every call.
 *
 * <p>Time arrives as monotonic nanoseconds; every event that falls due between two calls (the end of a VTBI or a
 * pause phase, a watchdog expiry) fires at its exact time on the way.
 */
final class Ne1000Model {

    static final BigDecimal MIN_DIAMETER_MM = new BigDecimal("0.1");
    static final BigDecimal MAX_DIAMETER_MM = new BigDecimal("80.0");
    /** NE-1000 plunger speed limits (reference §1.11). */
    static final BigDecimal MAX_SPEED_CM_PER_MIN = new BigDecimal("5.1005");
    static final BigDecimal MIN_SPEED_CM_PER_H = new BigDecimal("0.004205");

    static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Ne1000Memory memory;
    private final SyringeDrive drive = new SyringeDrive();
    private final Ne1000Program program = new Ne1000Program(this::rateInRange);
    private final Ne1000Commands commands;

    private boolean powered = true;
    private long lastNanos;
    private boolean watchdogArmed;
    private long lastValidPacketNanos;
    private NeAlarm latchedAlarm;
    private final List<NeAlarm> raised = new ArrayList<>();
    private boolean ignoresVtbi;

    Ne1000Model(long now, int address, BigDecimal diameterMm, int safSeconds, boolean powerUpAlarm) {
        this.memory = new Ne1000Memory(address, diameterMm, safSeconds);
        this.commands = new Ne1000Commands(this, memory, program);
        this.lastNanos = now;
        restoreVolatile();
        if (powerUpAlarm) {
            raise(NeAlarm.RESET);
        }
    }

    // =====================================================================================  time and physics

    /** Integrates the motor and free flow up to {@code now} and fires every event that falls due on the way. */
    void advanceTo(long now) {
        int guard = 0;
        while (true) {
            long next = nextInternalEvent();
            long target = Math.min(now, next);
            if (target > lastNanos) {
                flow(target - lastNanos);
                lastNanos = target;
            }
            if (next > now) {
                return;
            }
            fireDueEvents();
            if (++guard > 10_000) {
                throw new IllegalStateException("simulator event loop did not settle at " + now);
            }
        }
    }

    /** The monotonic time of the next thing that happens by itself, or {@link Long#MAX_VALUE}. */
    long nextInternalEvent() {
        long next = Long.MAX_VALUE;
        if (watchdogArmed && memory.safSeconds() > 0) {
            next = Math.min(next, lastValidPacketNanos + memory.safSeconds() * NANOS_PER_SECOND);
        }
        return Math.min(next, program.nextEvent(lastNanos, drive, motorRate(), ignoresVtbi));
    }

    private void fireDueEvents() {
        if (watchdogArmed && memory.safSeconds() > 0
                && lastValidPacketNanos + memory.safSeconds() * NANOS_PER_SECOND <= lastNanos) {
            watchdogArmed = false;  // the manual: the timer does not restart until the next valid packet
            program.stop();
            raise(NeAlarm.COMM_TIMEOUT);
            return;
        }
        if (!program.fireDue(lastNanos, ignoresVtbi)) {
            raise(NeAlarm.PHASE_OUT_OF_RANGE);
        }
    }

    /** The motor's real speed in nL/h: the programmed rate (or purge rate) times the injected rate factor. */
    private long motorRate() {
        if (!powered || !program.drivesMotor()) {
            return 0;
        }
        return drive.actualRate(program.commandedRate(purgeRate()));
    }

    private long purgeRate() {
        return maxRateNlPerHour().setScale(0, RoundingMode.DOWN).longValueExact();
    }

    private void flow(long dt) {
        long moved = drive.run(dt, motorRate(), program.motorDirection() == Direction.WDR);
        program.moved(moved);
    }

    /** RUN from stopped at {@code phase}; a first phase the motor cannot drive raises A?O. */
    void startProgram(int phase) {
        if (!program.start(phase, lastNanos)) {
            raise(NeAlarm.PHASE_OUT_OF_RANGE);
        }
    }

    long lastNanos() {
        return lastNanos;
    }

    SyringeDrive drive() {
        return drive;
    }

    // =====================================================================================  limits

    /** Fastest rate the motor can drive this syringe, nL/h (area x 5.1005 cm/min). */
    BigDecimal maxRateNlPerHour() {
        return SyringeDrive.maxRateNlPerHour(memory.diameterMm(), MAX_SPEED_CM_PER_MIN);
    }

    /** Slowest rate the motor can drive this syringe, nL/h (area x 0.004205 cm/h). */
    BigDecimal minRateNlPerHour() {
        return SyringeDrive.minRateNlPerHour(memory.diameterMm(), MIN_SPEED_CM_PER_H);
    }

    boolean rateInRange(long nlPerHour) {
        BigDecimal r = BigDecimal.valueOf(nlPerHour);
        return r.compareTo(minRateNlPerHour()) >= 0 && r.compareTo(maxRateNlPerHour()) <= 0;
    }

    // =====================================================================================  power, alarms

    void powerOff(long now) {
        advanceTo(now);
        powered = false;
        program.powerLost();
        watchdogArmed = false;  // a pump without power has no communications timer
    }

    /** Power returns: volatile state comes back from NVRAM, dispensed counters are cleared, A?R latches. */
    void powerOn(long now) {
        advanceTo(now);
        powered = true;
        restoreVolatile();
        raise(NeAlarm.RESET);
    }

    boolean powered() {
        return powered;
    }

    private void restoreVolatile() {
        program.restore(memory);
        drive.powerUp();
        commands.powerUp();
        watchdogArmed = false;  // armed again by the first valid packet (reference §1.5)
        latchedAlarm = null;
    }

    /** The motor stalls: it stops, the program stops, A?S latches. */
    void stall(long now) {
        advanceTo(now);
        if (!powered) {
            return;
        }
        program.stop();
        raise(NeAlarm.STALL);
    }

    private void raise(NeAlarm alarm) {
        latchedAlarm = alarm;  // one latch register: a newer alarm replaces an unacknowledged older one
        raised.add(alarm);
    }

    /** Alarms raised since the last call, in order, for the auto-alarm packets of safe mode. */
    List<NeAlarm> drainRaised() {
        List<NeAlarm> out = List.copyOf(raised);
        raised.clear();
        return out;
    }

    Optional<NeAlarm> latchedAlarm() {
        return Optional.ofNullable(latchedAlarm);
    }

    /** Reports the latched alarm in reply to a valid command: that acknowledges and clears it. */
    Optional<NeAlarm> acknowledgeAlarm() {
        Optional<NeAlarm> a = Optional.ofNullable(latchedAlarm);
        latchedAlarm = null;
        return a;
    }

    /** A valid packet addressed to this pump arrived: (re)start the safe-mode communications timer. */
    void validPacket(long now) {
        lastValidPacketNanos = now;
        watchdogArmed = memory.safSeconds() > 0;
    }

    /** Arms (SAF n) or disarms (baud change, reset, SAF 0) the communications timer from the last valid packet. */
    void watchdogArmed(boolean armed) {
        watchdogArmed = armed;
    }

    // =====================================================================================  commands

    /** Executes one decoded command (see {@link Ne1000Commands#execute}). */
    Ne1000Commands.Outcome execute(String command, String arguments, boolean system) {
        return commands.execute(command, arguments, system);
    }

    // =====================================================================================  accessors

    NeStatus prompt() {
        return program.state();
    }

    int address() {
        return memory.address();
    }

    int baud() {
        return memory.baud();
    }

    boolean safeMode() {
        return memory.safSeconds() > 0;
    }

    int safSeconds() {
        return memory.safSeconds();
    }

    boolean watchdogArmed() {
        return watchdogArmed;
    }

    long nvramWrites() {
        return memory.writes();
    }

    BigDecimal diameterMm() {
        return memory.diameterMm();
    }

    DispensedVolume truth() {
        return drive.truth();
    }

    /** What DIS reports, before rounding to the display: the motor counters times the reporting fault. */
    DispensedVolume reported() {
        return drive.reported();
    }

    /** The rate the motor was told to run, nL/h (0 when not pumping). */
    long commandedRateNlPerHour() {
        return program.commandedRate(purgeRate());
    }

    long actualRateNlPerHour() {
        return motorRate();
    }

    int executingPhase() {
        return program.executingPhase();
    }

    NeVolumeUnit volumeUnit() {
        return memory.volumeUnit();
    }

    // =====================================================================================  faults on physics

    ActiveFaults faults(SimulatedLine line, long now) {
        return drive.faults(ignoresVtbi, line.garblePercent(), line.garbling(), line.noisePercent(), line.silent(now),
                line.pluggedIn());
    }

    void rateFactor(BigDecimal factor) {
        drive.rateFactor(factor);
    }

    void ignoresVtbi(boolean ignores) {
        ignoresVtbi = ignores;
    }

    void freeFlow(long nlPerHour, boolean seenByPump) {
        drive.freeFlow(nlPerHour, seenByPump);
    }

    void reportedFraction(BigDecimal fraction) {
        drive.reportedFraction(fraction);
    }
}
