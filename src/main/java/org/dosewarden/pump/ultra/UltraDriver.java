package org.dosewarden.pump.ultra;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.pump.DeliveredVolume;
import org.dosewarden.pump.PumpAlarmException;
import org.dosewarden.pump.PumpDriver;
import org.dosewarden.pump.PumpError;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.PumpIdentity;
import org.dosewarden.pump.PumpProtocolException;
import org.dosewarden.pump.PumpRefusedException;
import org.dosewarden.pump.PumpStatus;
import org.dosewarden.pump.PumpVerificationException;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.Transport;
import org.dosewarden.pump.line.Agreement;
import org.dosewarden.pump.line.DriverLink;
import org.dosewarden.pump.line.ExchangeDriver;
import org.dosewarden.pump.line.PumpExchange.DataParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PumpDriver} for the Harvard Apparatus Pump 11 Elite / PHD ULTRA and KD Scientific Legato 100/200 ("Ultra"
 * command set) over any {@link Transport}: each operation is a short sequence of commands with its read-back. How a
 * command reaches a believed reply (noise, silence, restarts, the stall prompt) is {@link UltraExchange}.
 *
 * <p>What this family is, for the port:
 * <ul>
 *   <li>Every value is read back and, on this line without checksums, believed only when two consecutive answers
 *       agree ({@link Agreement}); a setting read back wrong is sent once more before it is reported.</li>
 *   <li>The volume limit is the pump's target volume ({@code tvolume}), which the pump counts on its infused
 *       volume: to arm {@code v} the driver reads the infused counter {@code c} and sets the target to {@code c + v}.
 *       The pump stops itself there and answers {@code T*}: {@link org.dosewarden.pump.PumpMode#TARGET_REACHED}.</li>
 *   <li>Rates are sent in {@code ul/hr} or {@code ml/hr} with at most four digits, floored
 *       ({@link UltraQuantity#rateArgument}): never rounded up.</li>
 *   <li>No pause state: {@link #pause()} stops, and {@link #start()} resumes toward the same target.</li>
 *   <li>No communications watchdog: {@link #armWatchdog} is unsupported; supervision arms one delivery lease at a
 *       time instead, so a pump whose daemon died stops at the end of the lease.</li>
 * </ul>
 *
 * <p>Not thread-safe: one owner thread (the channel's) calls it; {@link #close()} may come from anywhere.
 */
public final class UltraDriver extends ExchangeDriver<UltraExchange> {

    /** Reads of one value before the driver gives up finding two that agree. */
    private static final int MAX_AGREEMENT_READS = 16;
    /** The fastest any pump of the family runs, µL/h, for a counter whose rate is not known yet. */
    private static final long FASTEST_UL_PER_HOUR = 15_000_000;
    /** Times a setting is sent when the pump is read back holding another value (the command garbled on its way). */
    private static final int SETTING_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(UltraDriver.class);

    private final UltraDriverSettings settings;
    private final TimeSource time;
    /** The rate last set or read, µL/h: bounds how far the counter may move between two reads. */
    private long knownRateUlPerHour = FASTEST_UL_PER_HOUR;
    /**
     * The reading last believed of each volume counter: a reading below its value must be shown by both reads, and
     * the time it was answered bounds how far the next may have moved.
     */
    private final Map<String, Count> believed = new HashMap<>();
    /** The last target this driver armed and the counter it was set on, for a start that finds it reached. */
    private String lastArming = "no target armed by this driver yet";
    /** The target this driver last armed and read back, µL, or null when none (cleared or never set). */
    private BigDecimal armedTarget;

    public UltraDriver(Transport transport, TimeSource time, UltraDriverSettings settings) {
        this(new DriverLink(transport, time, "Ultra pump " + settings.address(), settings.backoffInitial(),
                settings.backoffMax()), time, settings);
    }

    private UltraDriver(DriverLink link, TimeSource time, UltraDriverSettings settings) {
        super(link, new UltraExchange(link, time, settings));
        this.settings = settings;
        this.time = time;
    }

    public UltraDriverSettings settings() {
        return settings;
    }

    @Override
    public PumpIdentity identify() throws PumpException {
        String command = settings.identifyCommand();
        List<String> lines = Agreement.read(() -> exchange.transact(command, "").lines(), Agreement.equal(),
                MAX_AGREEMENT_READS, command, "identity");
        String text = String.join("\n", lines).strip();
        Matcher m = settings.identifyPattern().matcher(text);
        if (!m.find()) {
            throw new PumpProtocolException(command, describe() + " answered '" + command + "' with '" + text
                    + "', which does not match the profile's identify pattern " + settings.identifyPattern());
        }
        return new PumpIdentity(m.group("model"), m.group("firmware"));
    }

    @Override
    public PumpStatus status() throws PumpException {
        exchange.ensureConnected("");
        return statusOf(exchange.confirmedStatus("").prompt());
    }

    @Override
    public SyringeDiameter configureDiameter(SyringeDiameter diameter) throws PumpException {
        String argument = UltraQuantity.diameterArgument(diameter.millimetres());
        BigDecimal wanted = new BigDecimal(argument);
        BigDecimal confirmed = setAndReadBack("diameter", argument, () -> parse("diameter",
                exchange.transact("diameter", "").firstLine(), UltraQuantity::parseMillimetres), wanted);
        return new SyringeDiameter(confirmed);
    }

    @Override
    public FlowRate setRate(FlowRate rate) throws PumpException {
        String argument = UltraQuantity.rateArgument(rate);
        BigDecimal wanted = BigDecimal.valueOf(UltraQuantity.rateArgumentMicrolitresPerHour(rate));
        BigDecimal confirmed = setAndReadBack("irate", argument, this::readRateExact, wanted);
        knownRateUlPerHour = confirmed.setScale(0, RoundingMode.CEILING).longValueExact();
        return new FlowRate(confirmed.longValueExact());
    }

    @Override
    public FlowRate readRate() throws PumpException {
        BigDecimal exact = Agreement.read(this::readRateExact, Agreement.equal(), MAX_AGREEMENT_READS, "irate", "rate");
        long up = exact.setScale(0, RoundingMode.CEILING).longValueExact();
        knownRateUlPerHour = Math.max(1, up);
        return new FlowRate(up);
    }

    private BigDecimal readRateExact() throws PumpException {
        return parse("irate", exchange.transact("irate", "").firstLine(), UltraQuantity::parseRateMicrolitresPerHour)
                .stripTrailingZeros();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Ultra: the target volume, set to the infused counter plus {@code volume} (whole µL), read back; with
     * {@link Volume#ZERO} the target is cleared ({@code ctvolume}). The pump must be stopped, so that the counter
     * does not move while the target is worked out.
     */
    @Override
    public Volume setVolumeToBeInfused(Volume volume) throws PumpException {
        UltraReply state = statusReply();
        if (state.prompt().motorRuns()) {
            throw new PumpRefusedException("tvolume", PumpError.NOT_APPLICABLE, UltraMapping.modeOf(state.prompt()),
                    "the target is armed with the pump stopped (it counts on the infused volume, which is moving)");
        }
        armedTarget = null;
        if (volume.isZero()) {
            exchange.transactPlain("ctvolume", "");
            String back = Agreement.read(() -> exchange.transact("tvolume", "").firstLine(), Agreement.equal(),
                    MAX_AGREEMENT_READS, "tvolume", "target volume");
            if (!back.toLowerCase(Locale.ROOT).contains("not set")) {
                throw new PumpVerificationException("ctvolume", describe() + " reports target '" + back
                        + "' after clearing it");
            }
            return Volume.ZERO;
        }
        BigDecimal counted = counter("ivolume", false);
        BigDecimal target = counted.setScale(0, RoundingMode.FLOOR).add(BigDecimal.valueOf(volume.microlitres()));
        String argument = UltraQuantity.writeVolume(target, target.compareTo(BigDecimal.valueOf(10_000)) >= 0);
        BigDecimal confirmed = setAndReadBack("tvolume", argument, () -> parse("tvolume",
                exchange.transact("tvolume", "").firstLine(), UltraQuantity::parseVolumeMicrolitres), target);
        BigDecimal armed = confirmed.subtract(counted).setScale(0, RoundingMode.FLOOR);
        armedTarget = confirmed;
        // One line per armed stretch (a lease renewal every lease-seconds): what the pump will stop on, and why.
        lastArming = "target " + confirmed.toPlainString() + " uL set on an infused counter of " + counted.toPlainString()
                + " uL: " + armed.toPlainString() + " uL armed";
        LOG.info("{}: {}", describe(), lastArming);
        return Volume.ofMicrolitres(Math.max(0, armed.longValueExact()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Ultra: a short stretch may be over before its start is confirmed (20 uL at 84 mL/h take 0.86 s, and a
     * quarter of that at the daemon's time factor 4): a pump that answers {@code T*} (target reached) with its infused
     * counter at the target this driver armed ran that stretch; {@code irun} is not sent again and the start is
     * confirmed as {@link org.dosewarden.pump.PumpMode#TARGET_REACHED}. A {@code T*} with the counter below the
     * target is a start that did not happen.
     */
    @Override
    public PumpStatus start() throws PumpException {
        refuseStartWhileAlarmPending("irun");
        exchange.ensureConnected("irun");
        exchange.exchangePlain(UltraRequest.of(settings.address(), "irun", ""),
                prompt -> prompt.motorRuns() || ranArmedStretch(prompt));
        UltraReply after = exchange.confirmedStatus("irun");
        if (after.prompt() == UltraPrompt.STALLED) {
            throw new PumpAlarmException("irun", org.dosewarden.pump.PumpAlarm.STALL, describe()
                    + " is stalled (prompt *): it does not run until the stall is cleared at the pump");
        }
        if (!after.prompt().motorRuns()) {
            if (ranArmedStretch(after.prompt())) {
                LOG.info("{}: the stretch armed by {} ran to its target before the start was confirmed", describe(),
                        lastArming);
                return statusOf(after.prompt());
            }
            throw new PumpVerificationException("irun", describe() + " did not start: it reports "
                    + UltraMapping.modeOf(after.prompt()) + " (prompt " + after.prompt().wire() + ") after irun"
                    + (after.prompt() == UltraPrompt.TARGET_REACHED ? "; the armed target was already reached ("
                            + lastArming + ")" : ""));
        }
        return statusOf(after.prompt());
    }

    /** A confirmed {@code T*} with the infused counter at or above the target this driver armed. */
    private boolean ranArmedStretch(UltraPrompt confirmed) throws PumpException {
        return confirmed == UltraPrompt.TARGET_REACHED && armedTarget != null
                && counter("ivolume", false).compareTo(armedTarget) >= 0;
    }

    /** Ultra pumps have no pause state: the pump stops and keeps its target, so {@link #start()} resumes. */
    @Override
    public PumpStatus pause() throws PumpException {
        UltraReply now = statusReply();
        if (!now.prompt().motorRuns()) {
            return statusOf(now.prompt());
        }
        return stop();
    }

    @Override
    public PumpStatus stop() throws PumpException {
        exchange.transactPlain("stp", "");
        UltraReply after = exchange.confirmedStatus("stp");
        if (after.prompt().motorRuns()) {
            throw new PumpVerificationException("stp", describe() + " did not stop: it reports "
                    + UltraMapping.modeOf(after.prompt()));
        }
        return statusOf(after.prompt());
    }

    @Override
    public DeliveredVolume readDelivered() throws PumpException {
        BigDecimal infused = counter("ivolume", true);
        BigDecimal withdrawn = counter("wvolume", true);
        return new DeliveredVolume(Volume.ofMicrolitres(infused.setScale(0, RoundingMode.CEILING).longValueExact()),
                Volume.ofMicrolitres(withdrawn.setScale(0, RoundingMode.CEILING).longValueExact()));
    }

    @Override
    public void clearDelivered() throws PumpException {
        exchange.transactPlain("cvolume", "");
        BigDecimal infused = counter("ivolume", false);
        BigDecimal withdrawn = counter("wvolume", false);
        if (infused.signum() != 0 || withdrawn.signum() != 0) {
            throw new PumpVerificationException("cvolume", describe() + " still reports infused "
                    + infused.toPlainString() + " uL, withdrawn " + withdrawn.toPlainString() + " uL after clearing");
        }
    }

    @Override
    public void armWatchdog(Duration timeout) {
        throw noWatchdog();
    }

    @Override
    public void disarmWatchdog() {
        throw noWatchdog();
    }

    private UnsupportedOperationException noWatchdog() {
        return new UnsupportedOperationException(describe() + " has no communications watchdog (Ultra command set); "
                + "supervision arms one delivery lease at a time instead (lease-seconds)");
    }

    // --- helpers -----------------------------------------------------------------------------------

    private UltraReply statusReply() throws PumpException {
        exchange.ensureConnected("");
        return exchange.confirmedStatus("");
    }

    private PumpStatus statusOf(UltraPrompt prompt) {
        return statusOf(UltraMapping.modeOf(prompt));
    }

    /**
     * Sends a setting, reads it back until two reads agree, and sends it once more when the pump holds another value
     * (the first command may have been garbled on its way), up to {@value #SETTING_ATTEMPTS} times.
     */
    private BigDecimal setAndReadBack(String command, String argument, Agreement.Read<BigDecimal> readBack,
            BigDecimal wanted) throws PumpException {
        BigDecimal back = null;
        for (int attempt = 0; attempt < SETTING_ATTEMPTS; attempt++) {
            exchange.transactPlain(command, argument);
            back = Agreement.read(readBack, (a, b) -> a.compareTo(b) == 0 ? Optional.of(a) : Optional.empty(),
                    MAX_AGREEMENT_READS, command, command + " read back");
            if (back.compareTo(wanted) == 0) {
                return back;
            }
        }
        throw new PumpVerificationException(command + " " + argument, describe() + " reports "
                + back.toPlainString() + " after '" + command + " " + argument + "' (wanted " + wanted.toPlainString() + ")");
    }

    /** A counter reading, µL exactly, with the time it was answered and whether the motor ran then. */
    private record Count(BigDecimal microlitres, long nanos, boolean running) {}

    /** Times an agreed reading that jumped is read again before the driver gives up on it. */
    private static final int JUMP_CONFIRMATIONS = 3;

    /**
     * A volume counter ({@code ivolume}, {@code wvolume}) in exact µL, believed when two consecutive reads agree: the
     * second not below the first and, while the motor runs, not further above it than twice the known rate over
     * the time between them plus one µL (the display step); the first is the value, so a reading is never above
     * what the pump had counted at the second read. {@code moving}: the motor may run between the reads.
     *
     * <p>A first read below the value believed before is a counter that went back (a power cycle, a clear) only when
     * the second read is below it too. Otherwise one bit flipped low in the first read ({@code 171.4 ul} arriving as
     * {@code 071.4 ul}) with a slow second read (retries on the same noise) would pass the growth bound and be taken
     * for a restarted counter, which stops the infusion (SR-D7).
     *
     * <p>An agreed reading further above the value believed before than the same bound allows since then is read
     * once more, and believed when that read agrees with it too. Two replies damaged the same way agree with each
     * other ({@code 1.371 ml} arriving twice as {@code 9.371 ml}, about once in 10,000 pairs at 2 % of bytes
     * damaged), and the core would take the jump for an over-infusion and stop the pump. A pump that really ran
     * ahead reads the same a third time and is believed, so the core still sees it at once.
     */
    private BigDecimal counter(String command, boolean moving) throws PumpException {
        Count prior = believed.get(command);
        BigDecimal before = prior == null ? null : prior.microlitres();
        for (int attempt = 1; ; attempt++) {
            Count c = Agreement.read(() -> readCount(command), (a, b) -> agree(a, b, before, moving),
                    MAX_AGREEMENT_READS, command, command + " counter");
            boolean jumped = moving && prior != null
                    && c.microlitres().subtract(before).compareTo(growthLimit(prior.nanos(), c.nanos())) > 0;
            if (jumped) {
                Count confirming = readCount(command);
                if (agree(c, confirming, before, moving).isEmpty()) {
                    if (attempt >= JUMP_CONFIRMATIONS) {
                        throw new PumpProtocolException(command, describe() + ": " + command + " read "
                                + c.microlitres().toPlainString() + " uL twice, up from " + before.toPlainString()
                                + " uL, and not a third time (line noise?)");
                    }
                    LOG.info("{}: {} read {} uL twice, up from {} uL, and {} uL the third time: reading again",
                            describe(), command, c.microlitres().toPlainString(), before.toPlainString(),
                            confirming.microlitres().toPlainString());
                    continue;
                }
            }
            believed.put(command, c);
            return c.microlitres();
        }
    }

    private Count readCount(String command) throws PumpException {
        UltraReply r = exchange.transact(command, "");
        return new Count(parse(command, r.firstLine(), UltraQuantity::parseVolumeMicrolitres), time.monotonicNanos(),
                r.prompt().motorRuns());
    }

    /** The counter rule of {@link #counter}: the earlier reading when two consecutive ones agree. */
    private Optional<Count> agree(Count a, Count b, BigDecimal before, boolean moving) {
        BigDecimal grew = b.microlitres().subtract(a.microlitres());
        if (grew.signum() < 0) {
            return Optional.empty();
        }
        if (before != null && a.microlitres().compareTo(before) < 0 && b.microlitres().compareTo(before) >= 0) {
            return Optional.empty();   // only the first read went back: damaged, not a restarted counter
        }
        BigDecimal limit = moving && (a.running() || b.running()) ? growthLimit(a.nanos(), b.nanos())
                : BigDecimal.ZERO;
        return grew.compareTo(limit) <= 0 ? Optional.of(a) : Optional.empty();
    }

    /** How far the counter can move from {@code fromNanos} to {@code toNanos}: twice the known rate, plus 1 µL. */
    private BigDecimal growthLimit(long fromNanos, long toNanos) {
        long dt = Math.max(0, toNanos - fromNanos);
        return BigDecimal.valueOf(2 * knownRateUlPerHour).multiply(BigDecimal.valueOf(dt))
                .divide(BigDecimal.valueOf(3_600_000_000_000L), 3, RoundingMode.CEILING).add(BigDecimal.ONE);
    }

    /** Reads a reply line; unreadable data is noise until proven otherwise, reported as a protocol error. */
    private <T> T parse(String command, String line, DataParser<T> parser) throws PumpProtocolException {
        return exchange.parseData(command, line, parser);
    }
}
