package org.dosewarden.gpio;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.gpio.AlarmSignals.BeaconLamps;
import org.dosewarden.gpio.ChannelHealthSource.ChannelHealth;
import org.dosewarden.safety.Moment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bedside hardware: emergency-stop input, confirm button, pump power relay, alarm beacon, buzzer and
 * watchdog heartbeat. All behaviour happens in {@link #poll()}, which the GPIO loop calls every poll interval and
 * tests call directly after advancing a {@code ManualTimeSource}; pin-change callbacks only record raw levels.
 *
 * <p>Safety invariants:
 * <ul>
 *   <li>The relay is energised only when {@link PowerRelayPolicy} finds no hold: not before the emergency stop has
 *       read released for the debounce time, never while it is pressed, not after a press until a clinician
 *       {@linkplain #resetEmergencyStop() resets} it, not after a failed poll until a good one, never after
 *       {@link #close()}.</li>
 *   <li>A broken emergency-stop wire reads as pressed (normally-closed contact, bias toward the pressed level);
 *       a pin that cannot be read counts as pressed.</li>
 *   <li>The heartbeat toggles only while every registered channel loop is alive and polls succeed.</li>
 *   <li>One press confirms at most one request, and only a press that began after the request.</li>
 * </ul>
 * Thread-safe: one lock guards all state; ports and futures are called outside it.
 */
public final class BedsidePanel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BedsidePanel.class);

    /**
     * Real-time grace after the virtual confirmation deadline: if the poll loop has died, a waiting request still
     * ends (as timed out) instead of hanging the HTTP call.
     */
    static final Duration CONFIRMATION_REAL_TIME_GRACE = Duration.ofSeconds(2);

    /**
     * The ports the panel talks to; the integrator wires them (see docs/gpio.md).
     *
     * @param emergencyStop told about debounced presses and releases
     * @param alarms        the highest active alarm priority across channels
     * @param health        channel-loop liveness, for the heartbeat
     * @param faults        channels in FAULT, for the relay
     */
    public record Ports(EmergencyStopListener emergencyStop, AlarmPrioritySource alarms,
            ChannelHealthSource health, ChannelFaultSource faults) {

        /** Nothing connected: presses reach no channel, no channel alarms, no channel loops, no faults. */
        public static Ports unconnected() {
            return new Ports(new EmergencyStopListener() {
                @Override
                public void emergencyStopPressed(Moment at) {
                    LOG.error("emergency stop pressed at {} but no channel listens: only the power relay acts",
                            at.wall());
                }

                @Override
                public void emergencyStopReleased(Moment at) {
                }
            }, () -> AlarmSignalPriority.NONE, now -> new ChannelHealth(List.of(), List.of()), Set::of);
        }
    }

    private record Pending(String what, long requestedAt, long deadline,
            CompletableFuture<ConfirmationOutcome> future) {
    }

    private final GpioSettings settings;
    private final TimeSource time;
    private final Ports ports;
    private final GpioBoard board;
    private final String problem;
    private final Object lock = new Object();

    private final BedsideButton emergencyStop;
    private final BedsideButton confirmButton;
    private final OutputPin relay;
    private final OutputPin redLamp;
    private final OutputPin yellowLamp;
    private final OutputPin buzzer;
    private final OutputPin heartbeat;

    private boolean latched;
    private boolean closed;
    private boolean pollFailed;
    private PowerRelayPolicy.Decision relayDecision;
    private AlarmSignalPriority priority = AlarmSignalPriority.NONE;
    private long prioritySince;
    private BeaconLamps lamps = BeaconLamps.DARK;
    private boolean buzzing;
    private boolean heartbeatToggling;
    private Level heartbeatLevel = Level.LOW;
    private long lastToggle;
    private ChannelHealth health = new ChannelHealth(List.of(), List.of());
    private Pending pending;
    private long polls;
    private long failures;
    private String lastFailure;
    private Instant lastPollAt;
    private final AtomicLong listenerFailures = new AtomicLong();

    private BedsidePanel(GpioSettings settings, TimeSource time, Ports ports, GpioBoard board, String problem) {
        this.settings = settings;
        this.time = time;
        this.ports = ports;
        this.board = board;
        this.problem = problem;
        if (board == null) {
            emergencyStop = null;
            confirmButton = null;
            relay = null;
            redLamp = null;
            yellowLamp = null;
            buzzer = null;
            heartbeat = null;
        } else {
            // Outputs first, each driven to its inactive level at once: the relay is de-energised before anything
            // else happens.
            var r = settings.relay().output();
            relay = r.enabled() ? board.output("pump-power-relay", r.pin(), r.activeLevel().inverse(),
                    r.activeLevel().inverse()) : null;
            var b = settings.beacon();
            redLamp = b.enabled() ? board.output("beacon-red", b.redPin(), b.activeLevel().inverse(),
                    b.activeLevel().inverse()) : null;
            yellowLamp = b.enabled() ? board.output("beacon-yellow", b.yellowPin(), b.activeLevel().inverse(),
                    b.activeLevel().inverse()) : null;
            var z = settings.buzzer();
            buzzer = z.enabled() ? board.output("buzzer", z.pin(), z.activeLevel().inverse(),
                    z.activeLevel().inverse()) : null;
            var h = settings.heartbeat();
            heartbeat = h.enabled() ? board.output("watchdog-heartbeat", h.pin(), Level.LOW, Level.LOW) : null;
            var e = settings.emergencyStop();
            emergencyStop = e.enabled() ? button(board.input("emergency-stop", e.pin(), e.pull()), e, true) : null;
            var c = settings.confirmButton().input();
            confirmButton = c.enabled() ? button(board.input("confirm-button", c.pin(), c.pull()), c, false) : null;
        }
        relayDecision = decideRelay(Set.of(), closed);
    }

    /**
     * Claims the configured pins on {@code board} and returns a running panel; the caller then polls it. If a pin
     * cannot be claimed the board is closed and the exception propagates.
     *
     * @throws IllegalArgumentException when {@code settings} is not enabled (use {@link #disabled})
     */
    static BedsidePanel open(GpioSettings settings, GpioBoard board, TimeSource time, Ports ports) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("GPIO is not enabled (dosewarden.gpio.enabled=false)");
        }
        try {
            return new BedsidePanel(settings, time, ports, board, null);
        } catch (RuntimeException e) {
            board.close();
            throw e;
        }
    }

    /** GPIO switched off: no pin is touched, confirmations are not required. */
    public static BedsidePanel disabled(GpioSettings settings, TimeSource time) {
        return new BedsidePanel(settings, time, Ports.unconnected(), null, null);
    }

    /**
     * GPIO enabled but unusable ({@code problem} says why): no pin is touched, so the relay stays de-energised by
     * its hardware pull-down and the heartbeat stays still; confirmations are refused.
     */
    public static BedsidePanel unavailable(String problem, TimeSource time) {
        return new BedsidePanel(GpioSettings.disabled(), time, Ports.unconnected(), null,
                Objects.requireNonNull(problem));
    }

    private BedsideButton button(InputPin pin, GpioSettings.InputSettings s, boolean failPressed) {
        BedsideButton button = new BedsideButton(pin, s, failPressed);
        pin.onChange(level -> {
            synchronized (lock) {
                button.sample(level, time.monotonicNanos());
            }
        });
        return button;
    }

    /** Whether GPIO is running (enabled, configured and not closed). */
    public boolean isRunning() {
        synchronized (lock) {
            return board != null && !closed;
        }
    }

    public GpioSettings settings() {
        return settings;
    }

    /**
     * One poll: reads the inputs, debounces them, reports emergency-stop changes, ends overdue confirmation
     * requests, and drives relay, beacon, buzzer and heartbeat. Does nothing when not running.
     *
     * @throws RuntimeException when an output cannot be driven; the loop then calls {@link #pollFailed}
     */
    public void poll() {
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            if (board == null || closed) {
                return;
            }
            long now = time.monotonicNanos();
            Instant wall = time.wallTime();
            pollFailed = false;
            pollEmergencyStop(new Moment(wall, now), after);
            pollConfirmButton(now, after);
            driveRelay();
            driveAlarmSignals(now);
            driveHeartbeat(now);
            polls++;
            lastPollAt = wall;
        }
        after.forEach(Runnable::run);
    }

    private void pollEmergencyStop(Moment at, List<Runnable> after) {
        if (emergencyStop == null) {
            return;
        }
        ButtonState before = emergencyStop.state();
        Optional<ButtonState> changed = emergencyStop.poll(at.monotonicNanos());
        if (changed.isEmpty()) {
            return;
        }
        if (changed.get() == ButtonState.PRESSED) {
            latched = true;
            LOG.warn("emergency stop pressed (or its wire is broken) on BCM {}{}", emergencyStop.bcm(),
                    emergencyStop.readFailure() == null ? "" : ": pin unreadable: " + emergencyStop.readFailure());
            after.add(() -> tell(l -> l.emergencyStopPressed(at)));
        } else if (before != ButtonState.UNKNOWN) {
            LOG.info("emergency stop released on BCM {}; latched until a clinician resets it", emergencyStop.bcm());
            after.add(() -> tell(l -> l.emergencyStopReleased(at)));
        }
    }

    private void tell(java.util.function.Consumer<EmergencyStopListener> call) {
        try {
            call.accept(ports.emergencyStop());
        } catch (RuntimeException e) {
            listenerFailures.incrementAndGet();
            LOG.error("emergency-stop listener failed; the power relay is de-energised regardless", e);
        }
    }

    private void pollConfirmButton(long now, List<Runnable> after) {
        if (confirmButton != null) {
            Optional<ButtonState> changed = confirmButton.poll(now);
            if (changed.equals(Optional.of(ButtonState.PRESSED)) && pending != null
                    && confirmButton.rawSinceNanos() >= pending.requestedAt()) {
                finish(ConfirmationOutcome.CONFIRMED, after);
            }
        }
        if (pending != null && now >= pending.deadline()) {
            finish(ConfirmationOutcome.TIMED_OUT, after);
        }
        if (pending != null && pending.future().isDone()) {
            pending = null;
        }
    }

    private void finish(ConfirmationOutcome outcome, List<Runnable> after) {
        Pending p = pending;
        pending = null;
        LOG.info("bedside confirmation for '{}': {}", p.what(), outcome);
        after.add(() -> p.future().complete(outcome));
    }

    private void driveRelay() {
        Set<String> faults = Set.of();
        if (settings.relay().deEnergiseOnFault()) {
            faults = ask(ports.faults()::faultedChannels, Set.of("(fault source failed)"), "channel fault source");
        }
        relayDecision = decideRelay(faults, false);
        if (relay != null) {
            Level active = settings.relay().output().activeLevel();
            relay.drive(relayDecision.energised() ? active : active.inverse());
        }
    }

    private PowerRelayPolicy.Decision decideRelay(Set<String> faults, boolean shuttingDown) {
        return PowerRelayPolicy.decide(new PowerRelayPolicy.Inputs(
                emergencyStop != null,
                emergencyStop == null ? ButtonState.UNKNOWN : emergencyStop.state(),
                latched,
                faults,
                settings.relay().deEnergiseOnFault(),
                pollFailed,
                shuttingDown));
    }

    private void driveAlarmSignals(long now) {
        AlarmSignalPriority p = ask(ports.alarms()::highestActive, AlarmSignalPriority.HIGH, "alarm priority source");
        if (emergencyStop != null && (latched || emergencyStop.state() == ButtonState.PRESSED)) {
            // The channels raise their own high alarm for the stop; showing it here too does not wait for them.
            p = p.max(AlarmSignalPriority.HIGH);
        }
        if (p != priority) {
            priority = p;
            prioritySince = now;
        }
        long elapsed = now - prioritySince;
        lamps = AlarmSignals.beacon(priority, elapsed);
        buzzing = AlarmSignals.buzzer(priority, elapsed);
        Level beaconOn = settings.beacon().activeLevel();
        if (redLamp != null) {
            redLamp.drive(lamps.red() ? beaconOn : beaconOn.inverse());
            yellowLamp.drive(lamps.yellow() ? beaconOn : beaconOn.inverse());
        }
        if (buzzer != null) {
            Level on = settings.buzzer().activeLevel();
            buzzer.drive(buzzing ? on : on.inverse());
        }
    }

    private void driveHeartbeat(long now) {
        ChannelHealth h = ask(() -> ports.health().check(now), null, "channel health source");
        health = h == null ? new ChannelHealth(List.of(), List.of("(channel health source failed)")) : h;
        boolean alive = health.allAlive();
        if (heartbeat == null) {
            heartbeatToggling = alive;
            return;
        }
        if (alive) {
            if (!heartbeatToggling || now - lastToggle >= settings.heartbeat().toggleInterval().toNanos()) {
                heartbeatLevel = heartbeatLevel.inverse();
                lastToggle = now;
            }
        } else {
            heartbeatLevel = Level.LOW;
        }
        heartbeatToggling = alive;
        heartbeat.drive(heartbeatLevel);
    }

    private <T> T ask(Supplier<T> port, T onFailure, String what) {
        try {
            T value = port.get();
            return value == null ? onFailure : value;
        } catch (RuntimeException e) {
            LOG.error("{} failed; acting as if the worst were true", what, e);
            return onFailure;
        }
    }

    /**
     * A poll threw: de-energise the relay and stop the heartbeat until the next good poll. Called by the loop;
     * never throws.
     */
    void pollFailed(Throwable failure) {
        synchronized (lock) {
            failures++;
            lastFailure = String.valueOf(failure);
            pollFailed = true;
            relayDecision = decideRelay(Set.of(), closed);
            if (failures == 1 || failures % 1000 == 0) {
                LOG.error("GPIO poll failed ({} failures so far); pump power relay de-energised", failures, failure);
            }
            if (relay != null) {
                Level active = settings.relay().output().activeLevel();
                try {
                    relay.drive(active.inverse());
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
            if (heartbeat != null) {
                heartbeatToggling = false;
                heartbeatLevel = Level.LOW;
                try {
                    heartbeat.drive(Level.LOW);
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /**
     * Asks for a press of the bedside confirm button, for a remote start or rate increase (pause and stop never
     * ask). Completes with {@link ConfirmationOutcome#CONFIRMED} on a press that begins after this call,
     * {@link ConfirmationOutcome#TIMED_OUT} when {@code dosewarden.gpio.confirm-button.timeout} passes on the
     * shell clock first, {@link ConfirmationOutcome#NOT_REQUIRED} at once when the button is not enabled,
     * {@link ConfirmationOutcome#BUSY} at once while another request waits, {@link ConfirmationOutcome#UNAVAILABLE}
     * when GPIO cannot read the button.
     *
     * @param what what is being confirmed, for the log and {@code /api/gpio} (e.g. "start channel a")
     * @return a future the caller may wait on; cancelling it does not cancel the request
     */
    public CompletableFuture<ConfirmationOutcome> requestConfirmation(String what) {
        Objects.requireNonNull(what, "what");
        synchronized (lock) {
            if (problem != null || closed) {
                return CompletableFuture.completedFuture(ConfirmationOutcome.UNAVAILABLE);
            }
            if (board == null || confirmButton == null) {
                return CompletableFuture.completedFuture(ConfirmationOutcome.NOT_REQUIRED);
            }
            if (pending != null && !pending.future().isDone()) {
                LOG.warn("bedside confirmation for '{}' refused: '{}' is still waiting", what, pending.what());
                return CompletableFuture.completedFuture(ConfirmationOutcome.BUSY);
            }
            long now = time.monotonicNanos();
            Duration timeout = settings.confirmButton().timeout();
            CompletableFuture<ConfirmationOutcome> future = new CompletableFuture<>();
            future.completeOnTimeout(ConfirmationOutcome.TIMED_OUT,
                    timeout.plus(CONFIRMATION_REAL_TIME_GRACE).toMillis(), TimeUnit.MILLISECONDS);
            pending = new Pending(what, now, now + timeout.toNanos(), future);
            LOG.info("waiting up to {} s for a bedside confirmation of '{}'", timeout.toSeconds(), what);
            return future.copy();
        }
    }

    /** {@link #requestConfirmation} and wait for the outcome (at most the timeout plus a short real-time grace). */
    public ConfirmationOutcome awaitConfirmation(String what) {
        return requestConfirmation(what).join();
    }

    /**
     * A clinician resets the emergency stop: clears the GPIO latch so the relay may energise again, if the button
     * is released. Call it together with the channels' own reset, and reset the channels only when
     * {@link EmergencyStopReset#permitsReset()}.
     */
    public EmergencyStopReset resetEmergencyStop() {
        synchronized (lock) {
            if (problem != null || closed) {
                return EmergencyStopReset.UNAVAILABLE;
            }
            if (board == null || emergencyStop == null) {
                return EmergencyStopReset.NOT_FITTED;
            }
            if (emergencyStop.state() != ButtonState.RELEASED) {
                return EmergencyStopReset.STILL_PRESSED;
            }
            if (!latched) {
                return EmergencyStopReset.NOT_LATCHED;
            }
            latched = false;
            LOG.info("emergency stop reset by a clinician");
            return EmergencyStopReset.RESET;
        }
    }

    /** A snapshot of every input and output. */
    public GpioStatus status() {
        synchronized (lock) {
            boolean running = board != null && !closed;
            var e = settings.emergencyStop();
            var c = settings.confirmButton();
            var r = settings.relay();
            var h = settings.heartbeat();
            return new GpioStatus(
                    running,
                    running ? board.provider() : null,
                    problem,
                    time.wallTime(),
                    new GpioStatus.EmergencyStopStatus(emergencyStop != null, emergencyStop == null ? null : e.pin(),
                            emergencyStop == null ? null : emergencyStop.rawLevel().orElse(null),
                            emergencyStop == null ? ButtonState.UNKNOWN : emergencyStop.state(), latched,
                            emergencyStop == null ? null : emergencyStop.readFailure()),
                    new GpioStatus.ConfirmButtonStatus(confirmButton != null,
                            confirmButton == null ? null : c.input().pin(),
                            confirmButton == null ? null : confirmButton.rawLevel().orElse(null),
                            confirmButton == null ? ButtonState.UNKNOWN : confirmButton.state(),
                            pending == null ? null : pending.what(), c.timeout().toMillis()),
                    new GpioStatus.RelayStatus(relay != null, relay == null ? null : r.output().pin(),
                            running && relayDecision.energised(), relay == null ? null : relay.level(),
                            relayDecision.holds(),
                            relayDecision.faultedChannels(), r.deEnergiseOnFault()),
                    new GpioStatus.AlarmSignalStatus(priority, redLamp != null, lamps.red(), lamps.yellow(),
                            buzzer != null, buzzing),
                    new GpioStatus.HeartbeatStatus(heartbeat != null, heartbeat == null ? null : h.pin(),
                            heartbeatToggling, health.registered(), health.overdue()),
                    new GpioStatus.PollStatus(lastPollAt, polls, failures, lastFailure, listenerFailures.get()));
        }
    }

    /** The board, for tests that set mock input levels. */
    GpioBoard board() {
        return board;
    }

    /**
     * Daemon shutdown: de-energises the relay first, then darkens beacon and buzzer, stops the heartbeat, refuses
     * a waiting confirmation and releases the pins. Idempotent.
     */
    @Override
    public void close() {
        Pending refused;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            relayDecision = decideRelay(Set.of(), true);
            List<RuntimeException> problems = new ArrayList<>();
            if (relay != null) {
                quietly(() -> relay.drive(settings.relay().output().activeLevel().inverse()), problems);
            }
            if (redLamp != null) {
                Level off = settings.beacon().activeLevel().inverse();
                quietly(() -> redLamp.drive(off), problems);
                quietly(() -> yellowLamp.drive(off), problems);
            }
            if (buzzer != null) {
                quietly(() -> buzzer.drive(settings.buzzer().activeLevel().inverse()), problems);
            }
            if (heartbeat != null) {
                quietly(() -> heartbeat.drive(Level.LOW), problems);
            }
            lamps = BeaconLamps.DARK;
            buzzing = false;
            heartbeatToggling = false;
            refused = pending;
            pending = null;
            problems.forEach(p -> LOG.error("could not switch an output off at shutdown", p));
        }
        if (refused != null) {
            refused.future().complete(ConfirmationOutcome.UNAVAILABLE);
        }
        if (board != null) {
            board.close();
        }
    }

    private static void quietly(Runnable action, List<RuntimeException> problems) {
        try {
            action.run();
        } catch (RuntimeException e) {
            problems.add(e);
        }
    }
}
