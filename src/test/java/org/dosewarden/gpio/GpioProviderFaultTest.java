package org.dosewarden.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.safety.Moment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mockito.AdditionalAnswers;

/**
 * The GPIO provider failing in the middle of a poll, which Pi4J's mock provider cannot do on demand: the
 * board is Pi4J's mock behind a Mockito stand-in whose emergency-stop input throws while the panel polls.
 * docs/gpio.md: an unreadable emergency-stop pin counts as pressed (channels told, relay de-energised, beacon
 * red, latched until a clinician resets it). An output failing mid-poll is covered by PowerRelayTest.
 */
class GpioProviderFaultTest {

    private static final int ESTOP = 5;
    private static final int RELAY = 17;

    private final ManualTimeSource clock = new ManualTimeSource();
    private final List<String> stopEvents = new CopyOnWriteArrayList<>();
    private final AtomicReference<RuntimeException> readFault = new AtomicReference<>();
    private Pi4jBoard pi4j;
    private BedsidePanel panel;

    @BeforeEach
    void open() {
        Map<String, String> props = new HashMap<>(Map.of("enabled", "true", "provider", "mock", "poll-interval", "1ms",
                "emergency-stop.enabled", "true", "relay.enabled", "true", "beacon.enabled", "true"));
        GpioSettings settings = GpioSettings.read(key -> Optional.ofNullable(props.get(key)));
        pi4j = Pi4jBoard.open(Pi4jBoard.Provider.MOCK, null);
        GpioBoard board = mock(GpioBoard.class, withSettings().defaultAnswer(AdditionalAnswers.delegatesTo(pi4j)));
        doAnswer(inv -> {
            InputPin real = pi4j.input(inv.getArgument(0), inv.getArgument(1), inv.getArgument(2));
            InputPin pin = mock(InputPin.class, withSettings().defaultAnswer(AdditionalAnswers.delegatesTo(real)));
            doAnswer(read -> {
                RuntimeException e = readFault.get();
                if (e != null) {
                    throw e;
                }
                return real.read();
            }).when(pin).read();
            return pin;
        }).when(board).input(anyString(), eq(ESTOP), any(Pull.class));
        EmergencyStopListener listener = new EmergencyStopListener() {
            @Override
            public void emergencyStopPressed(Moment at) {
                stopEvents.add("pressed");
            }

            @Override
            public void emergencyStopReleased(Moment at) {
                stopEvents.add("released");
            }
        };
        panel = BedsidePanel.open(settings, board, clock, new BedsidePanel.Ports(listener, () -> AlarmSignalPriority.NONE,
                new ChannelLiveness(clock), java.util.Set::of));
        estopContactClosed();
        run(Duration.ofMillis(50));
        assertEquals(Level.HIGH, output(RELAY), "relay energised once the stop is released and settled");
    }

    @AfterEach
    void close() {
        panel.close();
    }

    private void estopContactClosed() {
        ((MockDigitalInput) pi4j.pi4jInput(ESTOP).orElseThrow()).mockState(DigitalState.LOW);
    }

    private Level output(int bcm) {
        return pi4j.pi4jOutput(bcm).orElseThrow().state() == DigitalState.HIGH ? Level.HIGH : Level.LOW;
    }

    private void run(Duration total) {
        for (long i = 0; i < total.toMillis(); i++) {
            clock.advance(Duration.ofMillis(1));
            panel.poll();
        }
    }

    @Test
    @DisplayName("SR-D5: the emergency-stop pin unreadable mid-poll counts as pressed: channels told, relay de-energised, latched")
    void unreadableEmergencyStopIsAPress() {
        readFault.set(new IllegalStateException("gpiochip0 line 5: read failed: EIO"));
        run(Duration.ofMillis(30));
        assertEquals(List.of("pressed"), stopEvents);
        assertEquals(Level.LOW, output(RELAY), "pump power cut");
        GpioStatus.EmergencyStopStatus estop = panel.status().emergencyStop();
        assertTrue(estop.latched());
        assertNotNull(estop.readFailure());
        assertTrue(estop.readFailure().contains("read failed: EIO"), estop.readFailure());
        assertTrue(panel.status().alarmSignals().red(), "beacon red");

        readFault.set(null); // the pin reads again, released
        run(Duration.ofMillis(30));
        assertEquals(List.of("pressed", "released"), stopEvents);
        assertNull(panel.status().emergencyStop().readFailure());
        assertEquals(Level.LOW, output(RELAY), "the relay stays de-energised until a clinician resets the latch");
    }
}
