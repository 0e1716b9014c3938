package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.dosewarden.clock.ScaledTimeSource;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.journal.Verification;
import org.dosewarden.pump.LinkCounters;
import org.dosewarden.pump.profile.DeviceProfiles;
import org.dosewarden.pump.wiring.TransportFactory;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.sim.LineStatistics;
import org.dosewarden.sim.SerialPortLine;
import org.dosewarden.sim.SimulatedDevice;
import org.dosewarden.sim.SimulatedPump;
import org.dosewarden.sim.SimulatedUltraPump;
import org.dosewarden.sim.StreamLine;
import org.dosewarden.testing.Orders;
import org.dosewarden.testing.SocatPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SR-D7 on both pump families: 2 % of the bytes crossing a real socat pty (both directions) have a bit flipped for
 * the whole of a one-minute infusion. The channel is built as the daemon builds it and runs its own thread; the
 * channel, the driver and the simulated pump share one clock running {@value #FACTOR} times faster than the machine's
 * (the daemon's time factor), so the minute takes {@code 60 / FACTOR} s while every byte still crosses the pty. The
 * infusion must go on and complete with the planned volume, and the link must never count as lost (link timeout
 * 2 s of the machine's time without any valid reply, see {@link #LINK_TIMEOUT}).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LineNoiseRideThroughTest {

    static final long FACTOR = Long.getLong("dosewarden.noise.time-factor", 4);
    static final BigDecimal NOISE_PERCENT = new BigDecimal("2");
    /**
     * The daemon's default link timeout, 2 s of the machine's time: what a line must stay without a valid reply is
     * real time (bytes cross the pty at its speed, waits for replies are real), so on the sped-up clock it is
     * {@code 2 s x FACTOR}.
     */
    static final Duration LINK_TIMEOUT = Duration.ofSeconds(2).multipliedBy(FACTOR);

    @TempDir
    Path dataDir;

    TimeSource time;
    SocatPair pair;
    SimulatedDevice pump;
    StreamLine line;
    Journal journal;
    ChannelSupervisor channel;

    void rig(String family) throws Exception {
        time = new ScaledTimeSource(TimeSource.system(), FACTOR);
        pair = SocatPair.start();
        ChannelConfiguration configuration = new ChannelConfiguration("a");
        configuration.setPort(pair.a().toString());
        configuration.setSyringe("bd-plastic-60ml");
        configuration.setLinkTimeout(LINK_TIMEOUT);
        if (family.equals("newera")) {
            pump = SimulatedPump.builder(time).name("noisy-ne").diameterMm(new BigDecimal("26.59"))
                    .powerUpAlarm(false).build();
            configuration.setProfile("newera-ne1000");
            configuration.setWatchdogSeconds((int) (5 * FACTOR));   // the default 5 s of the machine's time, as the link timeout
        } else {
            pump = SimulatedUltraPump.builder(time).name("noisy-ultra").diameterMm(new BigDecimal("26.59")).build();
            configuration.setProfile("harvard-elite");
            configuration.setWatchdogSeconds(0);
            configuration.setLeaseSeconds(10);
        }
        line = SerialPortLine.start(pump, pair.b());
        journal = Journal.open(dataDir, time);
        channel = DaemonChannels.create(configuration, DeviceProfiles.standard(), journal, time, FACTOR,
                TransportFactory.standard());
    }

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.close();
        }
        if (line != null) {
            line.close();
        }
        if (pair != null) {
            pair.close();
        }
        if (journal != null) {
            journal.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"newera", "ultra"})
    @DisplayName("SR-D7: 2 % of bytes corrupted for a one-minute infusion, over a pty: it goes on and completes with the planned volume, the link is never lost")
    void infusionRidesThroughLineNoise(String family) throws Exception {
        rig(family);
        PumpCapability capability = channel.pumpCapability().orElseThrow();
        channel.start();
        awaitSnapshot(s -> s.linkState() == ChannelLinkState.CONNECTED, Duration.ofSeconds(30), "pump connected");
        LineStatistics cleanLine = pump.lineStatistics();
        LinkCounters cleanLink = channel.linkCounters();
        pump.faults().lineNoise(NOISE_PERCENT);
        ProgramOrder order = Orders.ketamineRate(capability, "1.2", "0.02");   // 84 mL/h until 1.4 mL: 60 s
        startInfusion(order);
        long started = System.nanoTime();
        awaitSnapshot(s -> !s.infusionState().equals("RUNNING") && !s.infusionState().equals("PROGRAMMED"),
                Duration.ofSeconds(60 / FACTOR + 60), "infusion over");
        long tookMs = (System.nanoTime() - started) * FACTOR / 1_000_000;
        pump.faults().lineNoise(BigDecimal.ZERO);
        LineStatistics noisy = delta(cleanLine, pump.lineStatistics());
        LinkCounters link = channel.linkCounters();

        long planned = order.infusion().totalVolume().microlitres();
        long truthNl = pump.truth().infusedNanolitres();
        long step = capability.volumeStep().microlitres();
        System.out.printf("line noise %s: %s %% for %d ms of (virtual) infusion; %d of %d bytes damaged "
                        + "(%d to the pump, %d to the host); driver %d requests, %d retries, %d damaged replies, %d "
                        + "silences; delivered %d nL of %d uL planned; state %s%n", family, NOISE_PERCENT, tookMs,
                noisy.damaged(), noisy.bytes(), noisy.damagedFromHost(), noisy.damagedToHost(),
                link.requests() - cleanLink.requests(), link.retries() - cleanLink.retries(),
                link.garbledReplies() - cleanLink.garbledReplies(), link.silentAttempts() - cleanLink.silentAttempts(),
                truthNl, planned, channel.snapshot().infusionState());

        assertEquals("COMPLETED", channel.snapshot().infusionState(), channel.snapshot().toString());
        assertTrue(noisy.damaged() > 100, "the noise was real: " + noisy);
        assertTrue(link.garbledReplies() > cleanLink.garbledReplies(), "the driver saw damaged replies: " + link);
        assertFalse(journalMentions("LINK_LOST"), "no link-loss alarm was ever raised");
        assertFalse(channel.snapshot().activeAlarms().stream().anyMatch(a -> !a.type().equals("INFUSION_COMPLETE")),
                "no alarm but the completion: " + channel.snapshot().activeAlarms());
        if (family.equals("ultra")) {
            assertEquals(planned * 1_000, truthNl, "exactly the planned volume (the pump's target)");
        } else {
            assertTrue(Math.abs(truthNl - planned * 1_000) <= step * 1_000, truthNl + " nL, planned " + planned
                    + " uL, one pump step " + step + " uL");
        }
        ChannelState ledger = JournalLedger.replay(journal, "a", ChannelSupervisor.safetySettingsFor(channel.settings()));
        assertEquals("COMPLETED", ledger.infusion().name());
        assertTrue(Math.abs(ledger.delivered().microlitres() * 1_000 - truthNl) <= step * 1_000,
                "journal " + ledger.delivered() + ", syringe " + truthNl + " nL");
        assertInstanceOf(Verification.Intact.class, journal.verify());
    }

    static LineStatistics delta(LineStatistics a, LineStatistics b) {
        return new LineStatistics(b.bytesFromHost() - a.bytesFromHost(), b.bytesToHost() - a.bytesToHost(),
                b.damagedFromHost() - a.damagedFromHost(), b.damagedToHost() - a.damagedToHost(),
                b.framesSent() - a.framesSent());
    }

    boolean journalMentions(String text) throws Exception {
        boolean[] found = {false};
        journal.forEachAfter("a", 0, (JournalEntry e) -> found[0] |= e.toString().contains(text));
        return found[0];
    }

    void startInfusion(ProgramOrder order) throws Exception {
        IntentResult programmed = submit(new ClinicianIntent.ClinicianAction.Program(order));
        assertInstanceOf(IntentResult.Accepted.class, programmed, programmed.toString());
        IntentResult started = submit(new ClinicianIntent.ClinicianAction.Start(List.of(
                new LimitOverride(ClinicianIntent.ClinicianAction.Start.VITALS_GATE, "no monitor on the test bench"))));
        assertInstanceOf(IntentResult.Accepted.class, started, started.toString());
    }

    IntentResult submit(ClinicianIntent.ClinicianAction action) throws Exception {
        CompletableFuture<IntentResult> f = channel.submit(new ClinicianIntent("dr-a", "noise-test", time.wallTime(),
                time.monotonicNanos() + Duration.ofSeconds(60).toNanos(), action));
        return f.get(30, TimeUnit.SECONDS);
    }

    void awaitSnapshot(Predicate<ChannelSnapshot> condition, Duration limit, String what) throws InterruptedException {
        SerialEndToEndTest.await(() -> condition.test(channel.snapshot()), limit,
                () -> what + "; channel " + channel.snapshot());
    }
}
