package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * SR-A5 SR-A6 SR-C3 SR-C5 SR-D1: a site's interlock settings are refused with the setting named and the rule it
 * breaks, at the exact edge of each range; the defaults are the designed values.
 */
class SafetySettingsTest {

    /** Every setting, mutable, starting from the defaults; {@link #build()} makes the record. */
    static final class S {
        Duration poll = SafetySettings.DEFAULT_POLL_PERIOD;
        Duration link = SafetySettings.DEFAULT_LINK_TIMEOUT;
        Duration grace = SafetySettings.DEFAULT_STARTUP_GRACE;
        int overPermille = 100;
        Volume overAbsolute = Volume.ofMicrolitres(100);
        Duration overWindow = Duration.ofSeconds(60);
        int underPermille = 200;
        Volume underAbsolute = Volume.ofMicrolitres(200);
        Duration underWindow = Duration.ofMinutes(5);
        Duration noProgressWarning = Duration.ofMinutes(2);
        Duration noProgressAlarm = Duration.ofMinutes(5);
        Volume freeFlow = Volume.ofMicrolitres(50);
        int stepPermille = 250;
        int restartLimit = 3;
        Duration restartWindow = Duration.ofMinutes(10);
        Duration lease = Duration.ZERO;
        Duration nearEnd = Duration.ofMinutes(5);

        SafetySettings build() {
            return new SafetySettings(poll, link, grace, overPermille, overAbsolute, overWindow, underPermille, underAbsolute,
                    underWindow, noProgressWarning, noProgressAlarm, freeFlow, stepPermille, restartLimit, restartWindow, lease,
                    nearEnd);
        }
    }

    static SafetySettings with(UnaryOperator<S> change) {
        return change.apply(new S()).build();
    }

    static void refused(String message, UnaryOperator<S> change) {
        Executable build = () -> with(change);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertEquals(message, e.getMessage());
    }

    @Test
    @DisplayName("SR-A5 SR-A6 SR-C3 SR-C5 SR-D1: the defaults are the designed values, and the short constructor takes the 5 min near-end lead")
    void defaults() {
        assertEquals(new S().build(), SafetySettings.DEFAULTS);
        SafetySettings d = SafetySettings.DEFAULTS;
        SafetySettings shortForm = new SafetySettings(d.pollPeriod(), d.linkTimeout(), d.startupGrace(), d.overInfusionPermille(),
                d.overInfusionAbsolute(), d.overInfusionWindow(), d.underInfusionPermille(), d.underInfusionAbsolute(),
                d.underInfusionWindow(), d.noProgressWarning(), d.noProgressAlarm(), d.freeFlowVolume(), d.stepDurationPermille(),
                d.restartLimit(), d.restartWindow(), d.deliveryLease());
        assertEquals(Duration.ofMinutes(5), shortForm.nearEndLead());
        assertEquals(d, shortForm);
        assertEquals(Duration.ofMinutes(30), d.withNearEndLead(Duration.ofMinutes(30)).nearEndLead());
        assertEquals(d.withNearEndLead(Duration.ofMinutes(30)), with(s -> {
            s.nearEnd = Duration.ofMinutes(30);
            return s;
        }));
    }

    @Test
    @DisplayName("SR-D1: poll period and link timeout must be positive, and the link timeout longer than one poll")
    void pollAndLink() {
        refused("pollPeriod must be positive: PT0S", s -> { s.poll = Duration.ZERO; return s; });
        refused("pollPeriod must be positive: PT-0.001S", s -> { s.poll = Duration.ofMillis(-1); return s; });
        refused("linkTimeout must be positive: PT0S", s -> { s.link = Duration.ZERO; return s; });
        refused("linkTimeout (PT0.25S) must be longer than pollPeriod (PT0.25S)", s -> { s.link = Duration.ofMillis(250); return s; });
        assertEquals(Duration.ofMillis(251), with(s -> { s.link = Duration.ofMillis(251); return s; }).linkTimeout());
    }

    @Test
    @DisplayName("SR-A7: the start-up grace may be zero but not negative")
    void grace() {
        assertEquals(Duration.ZERO, with(s -> { s.grace = Duration.ZERO; return s; }).startupGrace());
        refused("startupGrace must not be negative: PT-1S", s -> { s.grace = Duration.ofSeconds(-1); return s; });
    }

    @Test
    @DisplayName("SR-A5 SR-A6: tolerances are 0 to 1000 permille, inclusive; windows must be positive")
    void tolerancesAndWindows() {
        refused("overInfusionPermille must be between 0 and 1000 permille: -1", s -> { s.overPermille = -1; return s; });
        refused("overInfusionPermille must be between 0 and 1000 permille: 1001", s -> { s.overPermille = 1001; return s; });
        refused("underInfusionPermille must be between 0 and 1000 permille: 1001", s -> { s.underPermille = 1001; return s; });
        refused("stepDurationPermille must be between 0 and 1000 permille: -1", s -> { s.stepPermille = -1; return s; });
        assertEquals(0, with(s -> { s.overPermille = 0; return s; }).overInfusionPermille());
        assertEquals(1000, with(s -> { s.underPermille = 1000; return s; }).underInfusionPermille());
        refused("overInfusionWindow must be positive: PT0S", s -> { s.overWindow = Duration.ZERO; return s; });
        refused("underInfusionWindow must be positive: PT0S", s -> { s.underWindow = Duration.ZERO; return s; });
        refused("restartWindow must be positive: PT0S", s -> { s.restartWindow = Duration.ZERO; return s; });
    }

    @Test
    @DisplayName("SR-A6: the no-progress alarm may equal the warning but not come before it")
    void noProgress() {
        refused("noProgressWarning must be positive: PT0S", s -> { s.noProgressWarning = Duration.ZERO; return s; });
        refused("noProgressAlarm must be positive: PT0S", s -> { s.noProgressAlarm = Duration.ZERO; return s; });
        refused("noProgressAlarm (PT1M59S) must not be shorter than noProgressWarning (PT2M)",
                s -> { s.noProgressAlarm = Duration.ofSeconds(119); return s; });
        assertEquals(Duration.ofMinutes(2), with(s -> { s.noProgressAlarm = Duration.ofMinutes(2); return s; }).noProgressAlarm());
    }

    @Test
    @DisplayName("SR-C3: the restart limit is 1 to 100 same-type stops")
    void restartLimit() {
        refused("restartLimit must be between 1 and 100: 0", s -> { s.restartLimit = 0; return s; });
        refused("restartLimit must be between 1 and 100: 101", s -> { s.restartLimit = 101; return s; });
        assertEquals(1, with(s -> { s.restartLimit = 1; return s; }).restartLimit());
        assertEquals(100, with(s -> { s.restartLimit = 100; return s; }).restartLimit());
    }

    @Test
    @DisplayName("SR-D1: a delivery lease is off (0) or at least ten poll periods; a journal without one reads as off")
    void deliveryLease() {
        refused("deliveryLease (PT2.499S) must be off (0) or at least ten poll periods (PT2.5S)",
                s -> { s.lease = Duration.ofMillis(2499); return s; });
        refused("deliveryLease must not be negative: PT-1S", s -> { s.lease = Duration.ofSeconds(-1); return s; });
        assertEquals(Duration.ofMillis(2500), with(s -> { s.lease = Duration.ofMillis(2500); return s; }).deliveryLease());
        assertEquals(Duration.ZERO, with(s -> { s.lease = null; return s; }).deliveryLease());
    }

    @Test
    @DisplayName("SR-C5: the near-end lead is 1 min to 4 h inclusive, or off for a journal written before it existed")
    void nearEndLead() {
        refused("nearEndLead (PT59S) must be between 1 min and 4 h", s -> { s.nearEnd = Duration.ofSeconds(59); return s; });
        refused("nearEndLead (PT4H0.001S) must be between 1 min and 4 h", s -> { s.nearEnd = Duration.ofHours(4).plusMillis(1); return s; });
        assertEquals(Duration.ofMinutes(1), with(s -> { s.nearEnd = Duration.ofMinutes(1); return s; }).nearEndLead());
        assertEquals(Duration.ofHours(4), with(s -> { s.nearEnd = Duration.ofHours(4); return s; }).nearEndLead());
        assertEquals(Duration.ZERO, with(s -> { s.nearEnd = null; return s; }).nearEndLead());
        assertEquals(Duration.ZERO, with(s -> { s.nearEnd = Duration.ZERO; return s; }).nearEndLead());
    }
}
