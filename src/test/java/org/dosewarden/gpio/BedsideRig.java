package org.dosewarden.gpio;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.safety.Moment;

/**
 * A real {@link BedsidePanel} on Pi4J's mock provider, driven by a {@link ManualTimeSource}: tests set mock input
 * levels, advance virtual time poll by poll, and read the mock output pins. Ports are simple settable values.
 */
final class BedsideRig implements AutoCloseable {

    static final int ESTOP = 5;
    static final int CONFIRM = 6;
    static final int RELAY = 17;
    static final int RED = 22;
    static final int YELLOW = 23;
    static final int BUZZER = 24;
    static final int HEARTBEAT = 25;

    final ManualTimeSource clock = new ManualTimeSource();
    final List<String> stopEvents = new CopyOnWriteArrayList<>();
    final List<Moment> stopMoments = new CopyOnWriteArrayList<>();
    volatile AlarmSignalPriority channelAlarms = AlarmSignalPriority.NONE;
    volatile Set<String> faulted = Set.of();
    volatile boolean listenerThrows;
    final ChannelLiveness liveness = new ChannelLiveness(clock);
    final GpioSettings settings;
    final Pi4jBoard board;
    final BedsidePanel panel;

    /** Everything enabled with the documented defaults, plus {@code overrides} (keys relative to dosewarden.gpio.). */
    BedsideRig(String... overrides) {
        Map<String, String> props = new HashMap<>(Map.of(
                "enabled", "true", "provider", "mock", "poll-interval", "1ms",
                "emergency-stop.enabled", "true", "confirm-button.enabled", "true", "relay.enabled", "true",
                "beacon.enabled", "true", "buzzer.enabled", "true", "heartbeat.enabled", "true"));
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        settings = GpioSettings.read(key -> Optional.ofNullable(props.get(key)));
        board = Pi4jBoard.open(Pi4jBoard.Provider.MOCK, null);
        EmergencyStopListener listener = new EmergencyStopListener() {
            @Override
            public void emergencyStopPressed(Moment at) {
                stopEvents.add("pressed@" + at.wall());
                stopMoments.add(at);
                if (listenerThrows) {
                    throw new IllegalStateException("listener broken on purpose");
                }
            }

            @Override
            public void emergencyStopReleased(Moment at) {
                stopEvents.add("released@" + at.wall());
                stopMoments.add(at);
            }
        };
        panel = BedsidePanel.open(settings, board, clock,
                new BedsidePanel.Ports(listener, () -> channelAlarms, liveness, () -> faulted));
    }

    /** Sets the level the mock input at {@code bcm} reads (fires the change callback like a real edge). */
    void input(int bcm, Level level) {
        input(bcm, level == Level.HIGH ? DigitalState.HIGH : DigitalState.LOW);
    }

    void input(int bcm, DigitalState state) {
        ((MockDigitalInput) board.pi4jInput(bcm).orElseThrow()).mockState(state);
    }

    /** Emergency stop: contact closed (released) reads low, open (pressed or broken wire) reads high. */
    void estopPressed() {
        input(ESTOP, Level.HIGH);
    }

    void estopReleased() {
        input(ESTOP, Level.LOW);
    }

    /** Confirm button: normally open to GND with pull-up, so pressed reads low. */
    void confirmPressed() {
        input(CONFIRM, Level.LOW);
    }

    void confirmReleased() {
        input(CONFIRM, Level.HIGH);
    }

    /** Advances virtual time by {@code step}, then polls once. */
    void step(Duration step) {
        clock.advance(step);
        panel.poll();
    }

    /** Polls every millisecond of virtual time for {@code total}. */
    void run(Duration total) {
        for (long i = 0; i < total.toMillis(); i++) {
            step(Duration.ofMillis(1));
        }
    }

    /** Polls every millisecond until {@code condition} holds; returns the virtual milliseconds it took. */
    long runUntil(BooleanSupplier condition, Duration limit) {
        for (long ms = 0; ms <= limit.toMillis(); ms++) {
            if (condition.getAsBoolean()) {
                return ms;
            }
            step(Duration.ofMillis(1));
        }
        throw new AssertionError("condition not reached within " + limit + " of virtual time");
    }

    /** Emergency stop released and settled, confirm button released and settled: the normal running state. */
    BedsideRig settled() {
        if (board.pi4jInput(ESTOP).isPresent()) {
            estopReleased();
        }
        if (board.pi4jInput(CONFIRM).isPresent()) {
            confirmReleased();
        }
        run(Duration.ofMillis(50));
        return this;
    }

    Level output(int bcm) {
        DigitalState s = board.pi4jOutput(bcm).orElseThrow().state();
        return s == DigitalState.HIGH ? Level.HIGH : Level.LOW;
    }

    boolean relayEnergised() {
        return output(RELAY) == settings.relay().output().activeLevel();
    }

    /**
     * Samples output {@code bcm} every millisecond of virtual time for {@code total} while polling, and returns the
     * samples (true = active level).
     */
    boolean[] trace(int bcm, Level activeLevel, Duration total) {
        boolean[] samples = new boolean[(int) total.toMillis()];
        for (int i = 0; i < samples.length; i++) {
            step(Duration.ofMillis(1));
            samples[i] = output(bcm) == activeLevel;
        }
        return samples;
    }

    static int risingEdges(boolean[] samples) {
        int edges = 0;
        for (int i = 1; i < samples.length; i++) {
            if (samples[i] && !samples[i - 1]) {
                edges++;
            }
        }
        return edges;
    }

    /** Flashes (or pulses) in the trace: rising edges, plus one if it starts lit (the pattern began lit). */
    static int flashes(boolean[] samples) {
        return risingEdges(samples) + (samples.length > 0 && samples[0] ? 1 : 0);
    }

    static int transitions(boolean[] samples) {
        int t = 0;
        for (int i = 1; i < samples.length; i++) {
            if (samples[i] != samples[i - 1]) {
                t++;
            }
        }
        return t;
    }

    static double duty(boolean[] samples) {
        int on = 0;
        for (boolean s : samples) {
            if (s) {
                on++;
            }
        }
        return (double) on / samples.length;
    }

    List<String> stopEventKinds() {
        List<String> kinds = new ArrayList<>();
        for (String e : stopEvents) {
            kinds.add(e.substring(0, e.indexOf('@')));
        }
        return kinds;
    }

    @Override
    public void close() {
        panel.close();
    }
}
