package org.dosewarden.sim;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dosewarden.pump.newera.NeAlarm;
import org.dosewarden.pump.newera.NeError;
import org.dosewarden.pump.newera.NeFormatException;
import org.dosewarden.pump.newera.NeNumber;
import org.dosewarden.pump.newera.NeRateUnit;
import org.dosewarden.pump.newera.NeStatus;
import org.dosewarden.pump.newera.NeVolumeUnit;
import org.dosewarden.sim.Phase.Direction;
import org.dosewarden.sim.Phase.Function;

/**
 * The NE-1000 itself: settings, pumping program, motor physics and the command rules of reference §1.3-1.12,
 * at the level of decoded command text (framing, addressing and the alarm latch on the wire live in
 * {@link SimulatedPump}). Not thread-safe: {@link SimulatedPump} serialises every call.
 *
 * <p>Time arrives as monotonic nanoseconds. Physics is integrated exactly: the motor's volume is
 * {@code floor(sum(rate x dt) / 1 h)} in nanolitres, with the remainder carried, so any split of an interval
 * gives the same result as one step.
 *
 * <p>Non-volatile memory (survives {@link #powerOff}/{@link #powerOn}): diameter, volume units, the stored
 * program (function, rate, VTBI, direction of every phase), SAF timeout, address, baud, keypad lock and the
 * on/off flags (AL, BP, LN, PF). Everything else is volatile.
 */
final class Ne1000Model {

    static final int PHASES = 41;
    static final String FIRMWARE = "NE1000V3.928";
    static final int DEFAULT_BAUD = 19200;
    static final List<Integer> BAUDS = List.of(19200, 9600, 2400, 1200, 300);
    static final BigDecimal MIN_DIAMETER_MM = new BigDecimal("0.1");
    static final BigDecimal MAX_DIAMETER_MM = new BigDecimal("80.0");
    /** NE-1000 plunger speed limits (reference §1.11). */
    static final BigDecimal MAX_SPEED_CM_PER_MIN = new BigDecimal("5.1005");
    static final BigDecimal MIN_SPEED_CM_PER_H = new BigDecimal("0.004205");

    static final long NANOS_PER_HOUR = 3_600_000_000_000L;
    static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final BigInteger HOUR = BigInteger.valueOf(NANOS_PER_HOUR);
    private static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288");
    private static final MathContext MC = MathContext.DECIMAL128;

    private static final Pattern RATE_ARG = Pattern.compile("([0-9.]+)(UM|MM|UH|MH)?");
    private static final Pattern ADR_ARG = Pattern.compile("([0-9]{1,3})(?:B([0-9]{1,6}))?");

    // ---- non-volatile memory
    private BigDecimal diameterMm = new BigDecimal("26.59");
    private NeVolumeUnit volumeUnit = NeVolumeUnit.ML;
    private final Phase[] storedPhases = new Phase[PHASES + 1];
    private int safSeconds;
    private int address;
    private int baud = DEFAULT_BAUD;
    private final TreeMap<String, Integer> flags = new TreeMap<>();
    private long nvramWrites;

    // ---- volatile
    private final Phase[] phases = new Phase[PHASES + 1];
    private boolean powered = true;
    private NeStatus state = NeStatus.STOPPED;
    private int selectedPhase = 1;
    private int executingPhase = 1;
    private Direction motorDirection = Direction.INF;
    private long pauseEndsAt;
    /** Time left in a PAS phase that STP paused, ns. */
    private long pauseLeftWhenPaused;
    private long lastNanos;
    private long motorRemainder;
    private long freeFlowRemainder;
    private long motorInfusedNl;
    private long motorWithdrawnNl;
    private long phaseDeliveredNl;
    private int buzzer;
    private boolean watchdogArmed;
    private long lastValidPacketNanos;
    private NeAlarm latchedAlarm;
    private final List<NeAlarm> raised = new ArrayList<>();

    // ---- physical truth, never cleared
    private long trueInfusedNl;
    private long trueWithdrawnNl;

    // ---- faults that act on physics (set by the fault injector)
    private BigDecimal rateFactor = BigDecimal.ONE;
    private boolean ignoresVtbi;
    private long freeFlowNlPerHour;
    private boolean freeFlowSeenByPump;
    private BigDecimal reportedFraction = BigDecimal.ONE;

    Ne1000Model(long now, int address, BigDecimal diameterMm, int safSeconds, boolean powerUpAlarm) {
        Arrays.fill(storedPhases, 1, PHASES + 1, Phase.factoryOther());
        storedPhases[1] = Phase.factoryFirst();
        this.address = address;
        this.diameterMm = diameterMm;
        this.volumeUnit = NeVolumeUnit.forDiameter(diameterMm);
        this.safSeconds = safSeconds;
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
        if (watchdogArmed && safSeconds > 0) {
            next = Math.min(next, lastValidPacketNanos + safSeconds * NANOS_PER_SECOND);
        }
        if (state == NeStatus.PAUSE_PHASE) {
            next = Math.min(next, pauseEndsAt);
        }
        if (isPumpingPhase() && !ignoresVtbi) {
            long vtbi = phases[executingPhase].vtbiNanolitres();
            long rate = motorRate();
            if (vtbi > 0) {
                long remaining = vtbi - phaseDeliveredNl;
                if (remaining <= 0) {
                    next = Math.min(next, lastNanos);
                } else if (rate > 0) {
                    // smallest dt with floor((rate*dt + remainder) / 1h) >= remaining
                    BigInteger need = BigInteger.valueOf(remaining).multiply(HOUR)
                            .subtract(BigInteger.valueOf(motorRemainder));
                    BigInteger[] qr = need.divideAndRemainder(BigInteger.valueOf(rate));
                    BigInteger dt = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
                    BigInteger at = dt.add(BigInteger.valueOf(lastNanos));
                    if (at.bitLength() < 63) {
                        next = Math.min(next, at.longValueExact());
                    }
                }
            }
        }
        return next;
    }

    private void fireDueEvents() {
        if (watchdogArmed && safSeconds > 0
                && lastValidPacketNanos + safSeconds * NANOS_PER_SECOND <= lastNanos) {
            watchdogArmed = false;  // the manual: the timer does not restart until the next valid packet
            stopProgram();
            raise(NeAlarm.COMM_TIMEOUT);
            return;
        }
        if (state == NeStatus.PAUSE_PHASE && pauseEndsAt <= lastNanos) {
            enterPhase(executingPhase + 1);
            return;
        }
        if (isPumpingPhase() && !ignoresVtbi) {
            long vtbi = phases[executingPhase].vtbiNanolitres();
            if (vtbi > 0 && phaseDeliveredNl >= vtbi) {
                enterPhase(executingPhase + 1);
            }
        }
    }

    private boolean isPumpingPhase() {
        return state == NeStatus.INFUSING || state == NeStatus.WITHDRAWING;
    }

    private boolean motorMoving() {
        return powered && (isPumpingPhase() || state == NeStatus.PURGING);
    }

    /** The motor's real speed in nL/h: the programmed rate (or purge rate) times the injected rate factor. */
    private long motorRate() {
        if (!motorMoving()) {
            return 0;
        }
        long commanded = state == NeStatus.PURGING
                ? maxRateNlPerHour().setScale(0, RoundingMode.DOWN).longValueExact()
                : phases[executingPhase].rateNanolitresPerHour();
        return new BigDecimal(commanded).multiply(rateFactor).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    private void flow(long dt) {
        long rate = motorRate();
        if (rate > 0) {
            BigInteger[] qr = BigInteger.valueOf(rate).multiply(BigInteger.valueOf(dt))
                    .add(BigInteger.valueOf(motorRemainder)).divideAndRemainder(HOUR);
            long delta = qr[0].longValueExact();
            motorRemainder = qr[1].longValueExact();
            if (motorDirection == Direction.WDR) {
                motorWithdrawnNl = Math.addExact(motorWithdrawnNl, delta);
                trueWithdrawnNl = Math.addExact(trueWithdrawnNl, delta);
            } else {
                motorInfusedNl = Math.addExact(motorInfusedNl, delta);
                trueInfusedNl = Math.addExact(trueInfusedNl, delta);
            }
            if (isPumpingPhase()) {
                phaseDeliveredNl = Math.addExact(phaseDeliveredNl, delta);
            }
        } else if (freeFlowNlPerHour > 0) {
            BigInteger[] qr = BigInteger.valueOf(freeFlowNlPerHour).multiply(BigInteger.valueOf(dt))
                    .add(BigInteger.valueOf(freeFlowRemainder)).divideAndRemainder(HOUR);
            long delta = qr[0].longValueExact();
            freeFlowRemainder = qr[1].longValueExact();
            trueInfusedNl = Math.addExact(trueInfusedNl, delta);
            if (freeFlowSeenByPump) {
                motorInfusedNl = Math.addExact(motorInfusedNl, delta);
            }
        }
    }

    // =====================================================================================  program

    private void startProgram(int phase) {
        motorDirection = Direction.INF;  // phase 1 STK follows TTL pin 3; unconnected reads as infuse (assumed)
        enterPhase(phase);
    }

    private void enterPhase(int n) {
        for (int p = n; ; p++) {
            if (p > PHASES) {
                stopProgram();
                return;
            }
            Phase phase = phases[p];
            switch (phase.function()) {
                case STP -> {
                    stopProgram();
                    return;
                }
                case PAS -> {
                    if (phase.pauseNanos() > 0) {
                        executingPhase = p;
                        state = NeStatus.PAUSE_PHASE;
                        pauseEndsAt = lastNanos + phase.pauseNanos();
                        return;
                    }
                }
                case RAT -> {
                    if (!rateInRange(phase.rateNanolitresPerHour())) {
                        stopProgram();
                        raise(NeAlarm.PHASE_OUT_OF_RANGE);
                        return;
                    }
                    executingPhase = p;
                    if (phase.direction() != Direction.STK) {
                        motorDirection = phase.direction();
                    }
                    phaseDeliveredNl = 0;
                    state = motorDirection == Direction.WDR ? NeStatus.WITHDRAWING : NeStatus.INFUSING;
                    return;
                }
            }
        }
    }

    private void stopProgram() {
        state = NeStatus.STOPPED;
        executingPhase = 1;
        phaseDeliveredNl = 0;
    }

    /** "Operating" = the program runs or is paused; stopped-only commands answer ?NA then. */
    private boolean operating() {
        return state != NeStatus.STOPPED;
    }

    // =====================================================================================  limits

    private BigDecimal plungerAreaCm2() {
        BigDecimal r = diameterMm.divide(BigDecimal.valueOf(20), MC);
        return PI.multiply(r.multiply(r, MC), MC);
    }

    /** Fastest rate the motor can drive this syringe, nL/h (area x 5.1005 cm/min). */
    BigDecimal maxRateNlPerHour() {
        return plungerAreaCm2().multiply(MAX_SPEED_CM_PER_MIN, MC).multiply(BigDecimal.valueOf(60_000_000L), MC);
    }

    /** Slowest rate the motor can drive this syringe, nL/h (area x 0.004205 cm/h). */
    BigDecimal minRateNlPerHour() {
        return plungerAreaCm2().multiply(MIN_SPEED_CM_PER_H, MC).multiply(BigDecimal.valueOf(1_000_000L), MC);
    }

    private boolean rateInRange(long nlPerHour) {
        BigDecimal r = BigDecimal.valueOf(nlPerHour);
        return r.compareTo(minRateNlPerHour()) >= 0 && r.compareTo(maxRateNlPerHour()) <= 0;
    }

    // =====================================================================================  power, alarms

    void powerOff(long now) {
        advanceTo(now);
        powered = false;
        state = NeStatus.STOPPED;
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
        System.arraycopy(storedPhases, 1, phases, 1, PHASES);
        state = NeStatus.STOPPED;
        selectedPhase = 1;
        executingPhase = 1;
        phaseDeliveredNl = 0;
        motorDirection = Direction.INF;
        motorInfusedNl = 0;
        motorWithdrawnNl = 0;
        motorRemainder = 0;
        buzzer = 0;
        watchdogArmed = false;  // armed again by the first valid packet (reference §1.5)
        latchedAlarm = null;
    }

    /** The motor stalls: it stops, the program stops, A?S latches. */
    void stall(long now) {
        advanceTo(now);
        if (!powered) {
            return;
        }
        stopProgram();
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
        watchdogArmed = safSeconds > 0;
    }

    // =====================================================================================  accessors

    NeStatus prompt() {
        return state;
    }

    int address() {
        return address;
    }

    int baud() {
        return baud;
    }

    boolean safeMode() {
        return safSeconds > 0;
    }

    int safSeconds() {
        return safSeconds;
    }

    boolean watchdogArmed() {
        return watchdogArmed;
    }

    long nvramWrites() {
        return nvramWrites;
    }

    BigDecimal diameterMm() {
        return diameterMm;
    }

    DispensedVolume truth() {
        return new DispensedVolume(trueInfusedNl, trueWithdrawnNl);
    }

    /** What DIS reports, before rounding to the display: the motor counters times the reporting fault. */
    DispensedVolume reported() {
        return new DispensedVolume(scaleReported(motorInfusedNl), scaleReported(motorWithdrawnNl));
    }

    private long scaleReported(long nl) {
        return BigDecimal.valueOf(nl).multiply(reportedFraction).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    /** The rate the motor was told to run, nL/h (0 when not pumping). */
    long commandedRateNlPerHour() {
        if (isPumpingPhase()) {
            return phases[executingPhase].rateNanolitresPerHour();
        }
        return state == NeStatus.PURGING ? maxRateNlPerHour().setScale(0, RoundingMode.DOWN).longValueExact() : 0;
    }

    long actualRateNlPerHour() {
        return motorRate();
    }

    int executingPhase() {
        return executingPhase;
    }

    NeVolumeUnit volumeUnit() {
        return volumeUnit;
    }

    // =====================================================================================  faults on physics

    ActiveFaults faults(int garblePercent, Garbling garbling, boolean silent, boolean pluggedIn) {
        return new ActiveFaults(rateFactor, reportedFraction, ignoresVtbi, freeFlowNlPerHour, freeFlowSeenByPump,
                garblePercent, garbling, silent, pluggedIn);
    }

    void rateFactor(BigDecimal factor) {
        rateFactor = factor;
    }

    void ignoresVtbi(boolean ignores) {
        ignoresVtbi = ignores;
    }

    void freeFlow(long nlPerHour, boolean seenByPump) {
        freeFlowNlPerHour = nlPerHour;
        freeFlowSeenByPump = seenByPump;
    }

    void reportedFraction(BigDecimal fraction) {
        reportedFraction = fraction;
    }

    // =====================================================================================  commands

    /** What a command did: answered (data, possibly empty) or refused with a command error. */
    sealed interface Outcome {
        record Done(String data) implements Outcome {}

        record Refused(NeError error) implements Outcome {}
    }

    private static final Outcome OK = new Outcome.Done("");
    private static final Outcome UNKNOWN = new Outcome.Refused(NeError.NOT_RECOGNIZED);
    private static final Outcome NOT_APPLICABLE = new Outcome.Refused(NeError.NOT_APPLICABLE);
    private static final Outcome OUT_OF_RANGE = new Outcome.Refused(NeError.OUT_OF_RANGE);

    /**
     * Executes one command (addressing and the alarm latch already handled by the caller). The prompt of
     * the reply is {@link #prompt()} read afterwards, so {@code RUN} answers {@code I}.
     *
     * @param command   command word as parsed by {@link org.dosewarden.pump.newera.NeRequest}, empty for a
     *                  status query ({@code ADR} and {@code RESET} arrive here for {@code *ADR}/{@code *RESET})
     * @param arguments argument text, empty for a query
     * @param system    true when the command came with the {@code *} system prefix
     */
    Outcome execute(String command, String arguments, boolean system) {
        if (system != (command.equals("ADR") || command.equals("RESET"))) {
            return UNKNOWN;  // *DIA or a bare ADR are not commands
        }
        String arg = arguments;
        return switch (command) {
            case "" -> OK;
            case "DIA" -> dia(arg);
            case "PHN" -> phn(arg);
            case "FUN" -> fun(arg);
            case "RAT" -> rat(arg);
            case "VOL" -> vol(arg);
            case "DIR" -> dir(arg);
            case "RUN" -> run(arg);
            case "PUR" -> arg.isEmpty() ? purge() : UNKNOWN;
            case "STP" -> arg.isEmpty() ? stp() : UNKNOWN;
            case "DIS" -> arg.isEmpty() ? dis() : UNKNOWN;
            case "CLD" -> cld(arg);
            case "SAF" -> saf(arg);
            case "VER" -> arg.isEmpty() ? new Outcome.Done(FIRMWARE) : UNKNOWN;
            case "BUZ" -> buz(arg);
            case "LOC", "AL", "BP", "LN", "PF" -> flag(command, arg);
            case "ADR" -> adr(arg);
            case "RESET" -> arg.isEmpty() ? reset() : UNKNOWN;
            // TRG, DIN, ROM, OUT, IN are real NE commands that drive TTL I/O, which this simulator lacks
            case "TRG", "DIN", "ROM", "OUT", "IN" -> NOT_APPLICABLE;
            default -> UNKNOWN;
        };
    }

    private static Outcome done(String data) {
        return new Outcome.Done(data);
    }

    private void stored() {
        nvramWrites++;
    }

    private void storePhase(int n, Phase p) {
        phases[n] = p;
        storedPhases[n] = p;
        stored();
    }

    /** A number argument: empty when not number-shaped at all ({@code ?}); range is the caller's ({@code ?OOR}). */
    private static Optional<BigDecimal> number(String s) {
        try {
            return Optional.of(NeNumber.parse(s));
        } catch (NeFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> wholeNumber(String s) {
        if (s.isEmpty() || s.length() > 6 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(s));
    }

    private Outcome dia(String arg) {
        if (arg.isEmpty()) {
            return done(NeNumbers.format(diameterMm));
        }
        Optional<BigDecimal> d = number(arg);
        if (d.isEmpty()) {
            return UNKNOWN;
        }
        if (operating()) {
            return NOT_APPLICABLE;
        }
        if (!NeNumber.isRepresentable(d.get())
                || d.get().compareTo(MIN_DIAMETER_MM) < 0 || d.get().compareTo(MAX_DIAMETER_MM) > 0) {
            return OUT_OF_RANGE;
        }
        diameterMm = d.get();
        volumeUnit = NeVolumeUnit.forDiameter(diameterMm);
        stored();
        return OK;
    }

    private Outcome phn(String arg) {
        if (arg.isEmpty()) {
            return done(String.valueOf(operating() ? executingPhase : selectedPhase));
        }
        Optional<Integer> n = wholeNumber(arg);
        if (n.isEmpty()) {
            return UNKNOWN;
        }
        if (operating()) {
            return NOT_APPLICABLE;
        }
        if (n.get() < 1 || n.get() > PHASES) {
            return OUT_OF_RANGE;
        }
        selectedPhase = n.get();
        return OK;
    }

    private Outcome fun(String arg) {
        Phase p = phases[selectedPhase];
        if (arg.isEmpty()) {
            return done(switch (p.function()) {
                case RAT -> "RAT";
                case STP -> "STP";
                case PAS -> "PAS" + BigDecimal.valueOf(p.pauseNanos(), 9).stripTrailingZeros().toPlainString();
            });
        }
        if (operating()) {
            return NOT_APPLICABLE;
        }
        if (arg.equals("RAT")) {
            storePhase(selectedPhase, p.withFunction(Function.RAT, 0));
        } else if (arg.equals("STP")) {
            storePhase(selectedPhase, p.withFunction(Function.STP, 0));
        } else if (arg.startsWith("PAS")) {
            // PAS nn (whole seconds up to 99) or PAS n.n (tenths)
            Optional<BigDecimal> s = number(arg.substring(3));
            if (s.isEmpty()) {
                return UNKNOWN;
            }
            if (s.get().stripTrailingZeros().scale() > 1 || s.get().compareTo(BigDecimal.valueOf(99)) > 0) {
                return OUT_OF_RANGE;
            }
            storePhase(selectedPhase, p.withFunction(Function.PAS, s.get().movePointRight(9).longValueExact()));
        } else if (arg.matches("(FIL|INC|DEC|JMP|PRI|PRL|LPS|LOP|LPE|IF|EVN|EVS|EVR|CLD|TRG|BEP|OUT).*")) {
            return NOT_APPLICABLE;  // a real NE function this simulator does not run (docs/simulator.md)
        } else {
            return UNKNOWN;
        }
        return OK;
    }

    private Outcome rat(String arg) {
        boolean running = operating();
        int n = running ? executingPhase : selectedPhase;
        Phase p = phases[n];
        if (arg.isEmpty()) {
            return done(NeNumbers.format(p.rate()) + p.rateUnit().name());
        }
        Matcher m = RATE_ARG.matcher(arg);
        if (!m.matches()) {
            return UNKNOWN;
        }
        Optional<BigDecimal> value = number(m.group(1));
        if (value.isEmpty()) {
            return UNKNOWN;
        }
        NeRateUnit unit = m.group(2) == null ? p.rateUnit() : NeRateUnit.valueOf(m.group(2));
        if (running && unit != p.rateUnit()) {
            return NOT_APPLICABLE;  // rate units cannot change while pumping
        }
        if (!NeNumber.isRepresentable(value.get())) {
            return OUT_OF_RANGE;
        }
        Phase changed = p.withRate(value.get(), unit);
        if (!rateInRange(changed.rateNanolitresPerHour())) {
            return OUT_OF_RANGE;
        }
        if (running) {
            phases[n] = changed;  // takes effect at once and is not stored (reference §1.3)
        } else {
            storePhase(n, changed);
        }
        return OK;
    }

    private Outcome vol(String arg) {
        Phase p = phases[operating() ? executingPhase : selectedPhase];
        if (arg.isEmpty()) {
            return done(NeNumbers.formatVolume(p.vtbiNanolitres(), volumeUnit) + volumeUnit.name());
        }
        if (arg.equals("UL") || arg.equals("ML")) {
            if (operating()) {
                return NOT_APPLICABLE;
            }
            volumeUnit = NeVolumeUnit.valueOf(arg);
            stored();
            return OK;
        }
        Optional<BigDecimal> v = number(arg);
        if (v.isEmpty()) {
            return UNKNOWN;
        }
        if (operating()) {
            return NOT_APPLICABLE;
        }
        if (!NeNumber.isRepresentable(v.get())) {
            return OUT_OF_RANGE;
        }
        long nl = v.get().multiply(volumeUnit.microlitres()).movePointRight(3).longValueExact();
        storePhase(selectedPhase, phases[selectedPhase].withVtbi(nl));
        return OK;
    }

    private Outcome dir(String arg) {
        boolean running = operating();
        int n = running ? executingPhase : selectedPhase;
        Phase p = phases[n];
        if (arg.isEmpty()) {
            Direction shown = running && p.direction() == Direction.STK ? motorDirection : p.direction();
            return done(shown.name());
        }
        Direction wanted;
        switch (arg) {
            case "INF" -> wanted = Direction.INF;
            case "WDR" -> wanted = Direction.WDR;
            case "STK" -> wanted = Direction.STK;
            case "REV" -> {
                Direction current = p.direction() == Direction.STK ? motorDirection : p.direction();
                wanted = current == Direction.WDR ? Direction.INF : Direction.WDR;
            }
            default -> {
                return UNKNOWN;
            }
        }
        if (running) {
            // while operating only a continuous phase (VOL 0) may turn round, and never to "sticky"
            if (wanted == Direction.STK || p.vtbiNanolitres() != 0) {
                return NOT_APPLICABLE;
            }
            storePhase(n, p.withDirection(wanted));
            motorDirection = wanted;
            if (isPumpingPhase()) {
                state = wanted == Direction.WDR ? NeStatus.WITHDRAWING : NeStatus.INFUSING;
            }
            return OK;
        }
        storePhase(n, p.withDirection(wanted));
        return OK;
    }

    private Outcome run(String arg) {
        switch (state) {
            case INFUSING, WITHDRAWING, PAUSE_PHASE, WAITING_TRIGGER -> {
                return OK;  // already running: nothing to do
            }
            case PURGING -> {
                return NOT_APPLICABLE;
            }
            case PAUSED -> {
                if (phases[executingPhase].function() == Function.PAS) {
                    state = NeStatus.PAUSE_PHASE;
                    pauseEndsAt = lastNanos + pauseLeftWhenPaused;
                } else {
                    state = motorDirection == Direction.WDR ? NeStatus.WITHDRAWING : NeStatus.INFUSING;
                }
                return OK;
            }
            case STOPPED -> {
                int start = 1;
                if (!arg.isEmpty()) {
                    Optional<Integer> n = wholeNumber(arg);
                    if (n.isEmpty()) {
                        return UNKNOWN;
                    }
                    if (n.get() < 1 || n.get() > PHASES) {
                        return OUT_OF_RANGE;
                    }
                    start = n.get();
                }
                Phase first = phases[start];
                if (first.function() == Function.RAT && !rateInRange(first.rateNanolitresPerHour())) {
                    return OUT_OF_RANGE;  // e.g. the diameter changed after the rate was set
                }
                startProgram(start);
                return OK;
            }
        }
        throw new IllegalStateException("unhandled state " + state);
    }

    private Outcome stp() {
        switch (state) {
            case INFUSING, WITHDRAWING, WAITING_TRIGGER -> state = NeStatus.PAUSED;
            case PAUSE_PHASE -> {
                pauseLeftWhenPaused = Math.max(0, pauseEndsAt - lastNanos);
                state = NeStatus.PAUSED;
            }
            case PAUSED, PURGING -> stopProgram();
            case STOPPED -> { }
        }
        return OK;
    }

    private Outcome purge() {
        if (operating()) {
            return NOT_APPLICABLE;
        }
        motorDirection = phases[selectedPhase].direction() == Direction.WDR ? Direction.WDR : Direction.INF;
        state = NeStatus.PURGING;
        return OK;
    }

    private Outcome dis() {
        DispensedVolume r = reported();
        return done("I" + NeNumbers.formatVolume(r.infusedNanolitres(), volumeUnit)
                + "W" + NeNumbers.formatVolume(r.withdrawnNanolitres(), volumeUnit) + volumeUnit.name());
    }

    private Outcome cld(String arg) {
        switch (arg) {
            case "INF" -> motorInfusedNl = 0;
            case "WDR" -> motorWithdrawnNl = 0;
            default -> {
                return UNKNOWN;
            }
        }
        return OK;
    }

    private Outcome saf(String arg) {
        if (arg.isEmpty()) {
            return done(String.valueOf(safSeconds));
        }
        Optional<Integer> n = wholeNumber(arg);
        if (n.isEmpty()) {
            return UNKNOWN;
        }
        if (n.get() > 255) {
            return OUT_OF_RANGE;
        }
        safSeconds = n.get();
        stored();
        // this command is itself a valid packet: the timer runs from now (validPacket came first)
        watchdogArmed = safSeconds > 0;
        return OK;
    }

    private Outcome buz(String arg) {
        if (arg.isEmpty()) {
            return done(buzzer == 0 ? "0" : "1");
        }
        Optional<Integer> n = wholeNumber(arg);
        if (n.isEmpty()) {
            return UNKNOWN;
        }
        if (arg.equals("0")) {
            buzzer = 0;
        } else if (arg.charAt(0) == '1' && arg.length() <= 3) {
            buzzer = 1;  // "1" sounds continuously, "1n" beeps n times; the simulator only remembers "on"
        } else {
            return OUT_OF_RANGE;
        }
        return OK;
    }

    private Outcome flag(String name, String arg) {
        if (arg.isEmpty()) {
            return done(String.valueOf(flags.getOrDefault(name, 0)));
        }
        Optional<Integer> n = wholeNumber(arg);
        if (n.isEmpty()) {
            return UNKNOWN;
        }
        if (n.get() > 1 || arg.length() > 1) {
            return OUT_OF_RANGE;
        }
        flags.put(name, n.get());
        stored();
        return OK;
    }

    private Outcome adr(String arg) {
        if (arg.isEmpty()) {
            return done(String.valueOf(address));
        }
        if (arg.equals("DUAL") || arg.equals("RECP") || arg.equals("ALTR")) {
            return NOT_APPLICABLE;  // paired-pump modes are not simulated
        }
        Matcher m = ADR_ARG.matcher(arg);
        if (!m.matches()) {
            return UNKNOWN;
        }
        int a = Integer.parseInt(m.group(1));
        if (a > 99) {
            return OUT_OF_RANGE;
        }
        if (m.group(2) != null) {
            int b = Integer.parseInt(m.group(2));
            if (!BAUDS.contains(b)) {
                return OUT_OF_RANGE;
            }
            if (b != baud) {
                baud = b;
                watchdogArmed = false;  // a baud change disarms the timer until the next valid packet
            }
        }
        address = a;
        stored();
        return OK;
    }

    private Outcome reset() {
        stopProgram();
        Arrays.fill(storedPhases, 1, PHASES + 1, Phase.factoryOther());
        storedPhases[1] = Phase.factoryFirst();
        System.arraycopy(storedPhases, 1, phases, 1, PHASES);
        selectedPhase = 1;
        safSeconds = 0;
        watchdogArmed = false;
        address = 0;
        stored();
        return OK;
    }
}
