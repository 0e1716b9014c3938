package org.dosewarden.gpio;

import static org.dosewarden.testing.Theories.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/** The beacon and buzzer functions for every priority and any time. */
class AlarmSignalsProperties {

    @Test
    @DisplayName("at most one beacon lamp is lit; red only for high, yellow only for medium and low")
    void lampsMatchPriority() {
        qt(1000).forAll(Generate.enumValues(AlarmSignalPriority.class), longs().between(0, 86_400_000_000_000L))
                .checkAssert((priority, t) -> {
                    var lamps = AlarmSignals.beacon(priority, t);
                    assertFalse(lamps.red() && lamps.yellow());
                    if (lamps.red()) {
                        assertEquals(AlarmSignalPriority.HIGH, priority);
                    }
                    if (lamps.yellow()) {
                        assertFalse(priority == AlarmSignalPriority.HIGH || priority == AlarmSignalPriority.NONE);
                    }
                    if (priority == AlarmSignalPriority.LOW) {
                        assertEquals(true, lamps.yellow());
                    }
                    if (priority == AlarmSignalPriority.NONE) {
                        assertFalse(AlarmSignals.buzzer(priority, t));
                    }
                });
    }

    @Test
    @DisplayName("patterns repeat exactly with their period")
    void periodic() {
        qt(1000).forAll(Generate.enumValues(AlarmSignalPriority.class), longs().between(0, 3_600_000_000_000L),
                longs().between(1, 100)).checkAssert((priority, t, cycles) -> {
                    long beaconPeriod = switch (priority) {
                        case HIGH -> AlarmSignals.HIGH_BEACON.period().toNanos();
                        case MEDIUM -> AlarmSignals.MEDIUM_BEACON.period().toNanos();
                        default -> 1;
                    };
                    long buzzerPeriod = switch (priority) {
                        case HIGH -> AlarmSignals.HIGH_BUZZER.period().toNanos();
                        case MEDIUM -> AlarmSignals.MEDIUM_BUZZER.period().toNanos();
                        case LOW -> AlarmSignals.LOW_BUZZER.period().toNanos();
                        case NONE -> 1;
                    };
                    assertEquals(AlarmSignals.beacon(priority, t), AlarmSignals.beacon(priority, t + cycles * beaconPeriod));
                    assertEquals(AlarmSignals.buzzer(priority, t), AlarmSignals.buzzer(priority, t + cycles * buzzerPeriod));
                });
    }
}
