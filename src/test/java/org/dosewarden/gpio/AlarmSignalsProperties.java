package org.dosewarden.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The beacon and buzzer functions for every priority and any time. */
class AlarmSignalsProperties {

    @Property
    @Label("at most one beacon lamp is lit; red only for high, yellow only for medium and low")
    void lampsMatchPriority(@ForAll AlarmSignalPriority priority, @ForAll @LongRange(min = 0, max = 86_400_000_000_000L) long t) {
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
    }

    @Property
    @Label("patterns repeat exactly with their period")
    void periodic(@ForAll AlarmSignalPriority priority, @ForAll @LongRange(min = 0, max = 3_600_000_000_000L) long t,
            @ForAll @LongRange(min = 1, max = 100) long cycles) {
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
    }
}
