package org.dosewarden.gpio;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.gpio.ChannelHealthSource.ChannelHealth;
import org.dosewarden.safety.Moment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bedside hardware: emergency-stop input ({@link EmergencyStopLatch}), confirm button
 * ({@link BedsideConfirmation}), pump power relay ({@link PumpPowerRelay}), alarm beacon and buzzer
 * ({@link BeaconAndBuzzer}) and watchdog heartbeat ({@link WatchdogHeartbeat}). All behaviour happens in
 * {@link #poll()}, which the GPIO loop calls every poll interval and tests call directly after advancing a
 * {@code ManualTimeSource}; pin-change callbacks only record raw levels.
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
 * Thread-safe: one lock guards all state, the parts' included; ports and futures are called outside it.
 */
public final class BedsidePanel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BedsidePanel.class);

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

    private final GpioSettings settings;
    private final TimeSource time;
    private final Ports ports;
    private final GpioBoard board;
    private final String problem;
    private final Object lock = new Object();

    private final PumpPowerRelay relay;
    private final BeaconAndBuzzer signals;
    private final WatchdogHeartbeat heartbeat;
    private final EmergencyStopLatch emergencyStop;
    private final BedsideConfirmation confirmation;

    private boolean closed;
    private boolean pollFailed;
    private long polls;
    private long failures;
    private String lastFailure;
    private Instant lastPollAt;

    private BedsidePanel(GpioSettings settings, TimeSource time, Ports ports, GpioBoard board, String problem) {
        this.settings = settings;
        this.time = time;
        this.ports = ports;
        this.board = board;
        this.problem = problem;
        var confirm = settings.confirmButton();
        if (board == null) {
            relay = PumpPowerRelay.notFitted(settings.relay());
            signals = BeaconAndBuzzer.notFitted();
            heartbeat = WatchdogHeartbeat.notFitted(settings.heartbeat().toggleInterval());
            emergencyStop = new EmergencyStopLatch(null, ports.emergencyStop());
            confirmation = new BedsideConfirmation(null, confirm.timeout());
        } else {
            // Outputs first, each driven to its inactive level at once: the relay is de-energised before anything
            // else happens.
            relay = PumpPowerRelay.claim(board, settings.relay());
            signals = BeaconAndBuzzer.claim(board, settings.beacon(), settings.buzzer());
            heartbeat = WatchdogHeartbeat.claim(board, settings.heartbeat());
            var e = settings.emergencyStop();
            emergencyStop = new EmergencyStopLatch(
                    e.enabled() ? button(board.input("emergency-stop", e.pin(), e.pull()), e, true) : null,
                    ports.emergencyStop());
            var c = confirm.input();
            confirmation = new BedsideConfirmation(
                    c.enabled() ? button(board.input("confirm-button", c.pin(), c.pull()), c, false) : null,
                    confirm.timeout());
        }
        relay.holdUntilFirstPoll(decideRelay(Set.of(), closed));
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
            emergencyStop.poll(new Moment(wall, now), after);
            confirmation.poll(now, after);
            Set<String> faults = settings.relay().deEnergiseOnFault()
                    ? ask(ports.faults()::faultedChannels, Set.of("(fault source failed)"), "channel fault source")
                    : Set.of();
            relay.apply(decideRelay(faults, false));
            signals.show(highestAlarmPriority(), now);
            ChannelHealth health = ask(() -> ports.health().check(now), null, "channel health source");
            heartbeat.beat(health == null ? new ChannelHealth(List.of(), List.of("(channel health source failed)"))
                    : health, now);
            polls++;
            lastPollAt = wall;
        }
        after.forEach(Runnable::run);
    }

    private PowerRelayPolicy.Decision decideRelay(Set<String> faults, boolean shuttingDown) {
        return PowerRelayPolicy.decide(new PowerRelayPolicy.Inputs(emergencyStop.fitted(), emergencyStop.state(),
                emergencyStop.latched(), faults, settings.relay().deEnergiseOnFault(), pollFailed, shuttingDown));
    }

    private AlarmSignalPriority highestAlarmPriority() {
        AlarmSignalPriority p = ask(ports.alarms()::highestActive, AlarmSignalPriority.HIGH, "alarm priority source");
        // The channels raise their own high alarm for the stop; showing it here too does not wait for them.
        return emergencyStop.active() ? p.max(AlarmSignalPriority.HIGH) : p;
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
            PowerRelayPolicy.Decision held = decideRelay(Set.of(), closed);
            if (failures == 1 || failures % 1000 == 0) {
                LOG.error("GPIO poll failed ({} failures so far); pump power relay de-energised", failures, failure);
            }
            try {
                relay.apply(held);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
            try {
                heartbeat.still();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
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
            return confirmation.request(what, time.monotonicNanos());
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
            return emergencyStop.reset();
        }
    }

    /** A snapshot of every input and output. */
    public GpioStatus status() {
        synchronized (lock) {
            boolean running = board != null && !closed;
            return new GpioStatus(
                    running,
                    running ? board.provider() : null,
                    problem,
                    time.wallTime(),
                    emergencyStop.status(settings.emergencyStop().pin()),
                    confirmation.status(settings.confirmButton().input().pin()),
                    relay.status(running),
                    signals.status(),
                    heartbeat.status(settings.heartbeat().pin()),
                    new GpioStatus.PollStatus(lastPollAt, polls, failures, lastFailure,
                            emergencyStop.listenerFailures()));
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
        Optional<CompletableFuture<ConfirmationOutcome>> refused;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            List<RuntimeException> problems = new ArrayList<>();
            PowerRelayPolicy.Decision shutdown = decideRelay(Set.of(), true);
            quietly(() -> relay.apply(shutdown), problems);
            signals.switchOff(problems);
            quietly(heartbeat::still, problems);
            refused = confirmation.withdraw();
            problems.forEach(p -> LOG.error("could not switch an output off at shutdown", p));
        }
        refused.ifPresent(f -> f.complete(ConfirmationOutcome.UNAVAILABLE));
        if (board != null) {
            board.close();
        }
    }

    /** Runs {@code action}; a failure is added to {@code problems} instead of stopping the shutdown. */
    static void quietly(Runnable action, List<RuntimeException> problems) {
        try {
            action.run();
        } catch (RuntimeException e) {
            problems.add(e);
        }
    }
}
