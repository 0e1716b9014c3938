package org.dosewarden.sim;

import java.math.BigDecimal;
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
final class Ne1000Model extends PumpModel {

    static final BigDecimal MIN_DIAMETER_MM = new BigDecimal("0.1");
    static final BigDecimal MAX_DIAMETER_MM = new BigDecimal("80.0");
    /** NE-1000 plunger speed limits (reference §1.11). */
    static final BigDecimal MAX_SPEED_CM_PER_MIN = new BigDecimal("5.1005");
    static final BigDecimal MIN_SPEED_CM_PER_H = new BigDecimal("0.004205");

    private final Ne1000Memory memory;
    private final Ne1000Program program = new Ne1000Program(this::rateInRange);
    private final Ne1000Commands commands;

    private boolean watchdogArmed;
    private long lastValidPacketNanos;
    private NeAlarm latchedAlarm;
    private final List<NeAlarm> raised = new ArrayList<>();

    Ne1000Model(long now, int address, BigDecimal diameterMm, int safSeconds, boolean powerUpAlarm) {
        super(now, MIN_SPEED_CM_PER_H, MAX_SPEED_CM_PER_MIN);
        this.memory = new Ne1000Memory(address, diameterMm, safSeconds);
        this.commands = new Ne1000Commands(this, memory, program);
        restoreVolatile();
        if (powerUpAlarm) {
            raise(NeAlarm.RESET);
        }
    }

    // =====================================================================================  time and physics

    @Override
    long nextInternalEvent() {
        long next = Long.MAX_VALUE;
        if (watchdogArmed && memory.safSeconds() > 0) {
            next = Math.min(next, lastValidPacketNanos + memory.safSeconds() * NANOS_PER_SECOND);
        }
        return Math.min(next, program.nextEvent(lastNanos(), drive, motorRate(), ignoresVolumeLimit()));
    }

    @Override
    void fireDueEvents() {
        if (watchdogArmed && memory.safSeconds() > 0
                && lastValidPacketNanos + memory.safSeconds() * NANOS_PER_SECOND <= lastNanos()) {
            watchdogArmed = false;  // the manual: the timer does not restart until the next valid packet
            program.stop();
            raise(NeAlarm.COMM_TIMEOUT);
            return;
        }
        if (!program.fireDue(lastNanos(), ignoresVolumeLimit())) {
            raise(NeAlarm.PHASE_OUT_OF_RANGE);
        }
    }

    private long purgeRate() {
        return maxWholeRateNlPerHour();
    }

    @Override
    boolean withdrawing() {
        return program.motorDirection() == Direction.WDR;
    }

    @Override
    void moved(long nanolitres) {
        program.moved(nanolitres);
    }

    /** RUN from stopped at {@code phase}; a first phase the motor cannot drive raises A?O. */
    void startProgram(int phase) {
        if (!program.start(phase, lastNanos())) {
            raise(NeAlarm.PHASE_OUT_OF_RANGE);
        }
    }

    SyringeDrive drive() {
        return drive;
    }

    // =====================================================================================  limits

    boolean rateInRange(long nlPerHour) {
        BigDecimal r = BigDecimal.valueOf(nlPerHour);
        return r.compareTo(minRateNlPerHour()) >= 0 && r.compareTo(maxRateNlPerHour()) <= 0;
    }

    // =====================================================================================  power, alarms

    @Override
    void lostPower() {
        program.powerLost();
        watchdogArmed = false;  // a pump without power has no communications timer
    }

    /** Power returns: volatile state comes back from NVRAM, dispensed counters are cleared, A?R latches. */
    @Override
    void poweredUp() {
        restoreVolatile();
        raise(NeAlarm.RESET);
    }

    private void restoreVolatile() {
        program.restore(memory);
        drive.powerUp();
        commands.powerUp();
        watchdogArmed = false;  // armed again by the first valid packet (reference §1.5)
        latchedAlarm = null;
    }

    /** The motor stalls: it stops, the program stops, A?S latches. */
    @Override
    void motorStalled() {
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

    @Override
    BigDecimal diameterMm() {
        return memory.diameterMm();
    }

    @Override
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
}
