package org.dosewarden.pump.ultra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.pump.PumpMode;
import org.dosewarden.pump.PumpVerificationException;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.link.SerialTransport;
import org.dosewarden.testing.SocatPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SR-D7 on the Ultra, at the exact point where line noise once stopped an infusion: {@code irun} is damaged on its
 * way, the pump answers {@code Unknown command}, and that answer is damaged on its way back into a line that is no
 * error the driver knows ({@code Unknown commamd}). The pump did not run; the driver must not take the damaged error
 * for the prompt-only answer {@code irun} has, and must ask again. Before, it took it as the answer, read the pump
 * idle and reported "did not start", which faulted the channel (LineNoiseRideThroughTest[ultra], now and then).
 * And at the point where it once faulted a channel for a counter restart that never happened: an {@code ivolume}
 * answer damaged low ({@code 171.4 ul} arriving as {@code 071.4 ul}) followed by a good one.
 * The far end is a scripted peer over a real socat pty, so the fault falls on exactly that reply.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UltraDamagedErrorReplyTest {

    private static final TimeSource TIME = TimeSource.system();

    private SocatPair pair;
    private ScriptedUltraPeer peer;
    private UltraDriver driver;

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        if (peer != null) {
            peer.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    private void connect() throws Exception {
        pair = SocatPair.start();
        peer = new ScriptedUltraPeer(pair.b());
        driver = new UltraDriver(new SerialTransport(pair.a().toString(), SerialSettings.eightNoneOne(115200), TIME),
                TIME, UltraDriverSettings.defaults(0).withReplyTimeout(Duration.ofMillis(300)));
        driver.connect();
    }

    @Test
    @DisplayName("SR-D7: an irun answered with a damaged error line is asked again, and the pump runs")
    void damagedErrorToIrunIsNotSuccess() throws Exception {
        connect();
        peer.script("irun", "Unknown commamd");   // what the pump said to a garbled irun, damaged on its way back

        assertEquals(PumpMode.INFUSING, driver.start().mode(), "the driver asked again and the pump runs");
        assertTrue(peer.running(), "the pump really runs");
        assertEquals(2, peer.count("irun"),
                "irun sent twice: the damaged answer was not taken for success; " + peer.received());
        assertTrue(driver.linkCounters().garbledReplies() >= 1, "counted as a damaged reply: " + driver.linkCounters());
    }

    @Test
    @DisplayName("SR-D7: a counter answer damaged low is read again, not taken for a restarted counter; a real restart still is")
    void counterDamagedLowIsNotARestart() throws Exception {
        connect();
        peer.running(true);   // the motor runs and no rate was set: the growth bound is the family's fastest rate
        peer.script("ivolume", "170 ul", "170 ul");
        assertEquals(170, driver.readDelivered().infused().microlitres());

        // The first answer lost a bit on its way ('1' 0x31 to '0' 0x30); the second read is good but slow (its first
        // request went unanswered, so it was asked again after the reply timeout). Over that time the pump could
        // have moved more than the 101 uL between them, so the two agree under the growth bound; only the drop
        // below the 170 believed before gives the damage away.
        peer.script("ivolume", "071.428 ul", ScriptedUltraPeer.SILENCE, "172 ul", "172.5 ul");
        assertEquals(172, driver.readDelivered().infused().microlitres(),
                "the damaged low answer was read again, not believed; " + peer.received());
        assertEquals(6, peer.count("ivolume"), "one read more than two agreeing answers: " + peer.received());

        // A counter that really went back (the pump was power-cycled) reads low twice, and is believed.
        peer.script("ivolume", "5 ul", "6 ul");
        assertEquals(5, driver.readDelivered().infused().microlitres(), "a real restart is still reported");
    }

    @Test
    @DisplayName("SR-D7: an irun whose reply is lost, on a stretch the pump completes before the driver asks, is taken as done, not as 'did not start'")
    void lostIrunReplyOnAStretchAlreadyCompleted() throws Exception {
        connect();
        assertEquals(20, driver.setVolumeToBeInfused(Volume.ofMicrolitres(20)).microlitres());
        // The pump runs the 20 uL (a quarter of a second at 84 mL/h with the daemon's time factor 4) while the
        // driver, held up on a busy machine, has not yet read its state: the reply to irun is gone and the pump
        // answers T* (target reached) to every question after it.
        peer.runsToTargetAtOnce(true);
        peer.script("irun", ScriptedUltraPeer.CARRIED_OUT_REPLY_LOST);

        assertEquals(PumpMode.TARGET_REACHED, driver.start().mode(), "the stretch ran to its target");
        assertEquals(1, peer.count("irun"), "irun not sent again to a pump that ran its stretch: " + peer.received());
        assertEquals(20, driver.readDelivered().infused().microlitres(), "the counter shows the stretch delivered");
    }

    @Test
    @DisplayName("SR-D7: an irun that never reached the pump is sent again when the pump reads idle below its target")
    void lostIrunIsSentAgain() throws Exception {
        connect();
        assertEquals(20, driver.setVolumeToBeInfused(Volume.ofMicrolitres(20)).microlitres());
        peer.script("irun", ScriptedUltraPeer.SILENCE);

        assertEquals(PumpMode.INFUSING, driver.start().mode());
        assertEquals(2, peer.count("irun"), "sent again after the status showed it idle: " + peer.received());
    }

    @Test
    @DisplayName("SR-D7: a stretch over before the start is confirmed is a start; T* with the counter short of the target is not")
    void stretchOverBeforeConfirmation() throws Exception {
        connect();
        driver.setVolumeToBeInfused(Volume.ofMicrolitres(20));
        peer.runsToTargetAtOnce(true);
        assertEquals(PumpMode.TARGET_REACHED, driver.start().mode(), "irun answered T*, the counter at the target");
        assertEquals(1, peer.count("irun"), "irun: " + peer.received());

        driver.setVolumeToBeInfused(Volume.ofMicrolitres(20));            // target 40 uL on a counter of 20 uL
        peer.script("ivolume", "30 ul", "30 ul");                          // the pump stopped short of it
        PumpVerificationException e = assertThrows(PumpVerificationException.class, driver::start);
        assertTrue(e.getMessage().contains("did not start") && e.getMessage().contains("target 40 uL"), e.getMessage());
    }

    @Test
    @DisplayName("SR-D7: a counter read twice damaged the same way, far above the last one, is read again; a real jump read three times is believed")
    void counterJumpDamagedTwiceIsReadAgain() throws Exception {
        connect();
        driver.setRate(new org.dosewarden.dose.quantity.FlowRate(84_000));   // 84 mL/h: 47 uL/s at most, twice over
        peer.running(true);
        peer.script("ivolume", "170 ul", "170 ul");
        assertEquals(170, driver.readDelivered().infused().microlitres());

        // '1' (0x31) arriving as '9' (0x39) in two replies in a row: they agree with each other, 800 uL above the
        // last reading a moment ago. A third read disagrees, so the pair is not believed and the counter read again.
        peer.script("ivolume", "970 ul", "970 ul", "171 ul", "171 ul", "171.2 ul");
        assertEquals(171, driver.readDelivered().infused().microlitres(),
                "the damaged pair was not believed; " + peer.received());

        // A pump that really ran ahead reads the same a third time: believed at once, for the core to trip on.
        peer.script("ivolume", "970 ul", "970 ul", "970.4 ul");
        assertEquals(970, driver.readDelivered().infused().microlitres(), "a real jump is believed");
    }
}
