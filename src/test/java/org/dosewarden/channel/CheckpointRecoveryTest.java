package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.journal.JournalException;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.newera.NeDriver;
import org.dosewarden.pump.newera.NeDriverSettings;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.SafetyCore;
import org.dosewarden.sim.SimTransport;
import org.dosewarden.sim.SimulatedPump;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints on a real channel (the core, the New Era driver, the simulator on virtual time, a real SQLite journal):
 * written when a session has ended, never during one; a restart begins at the newest and comes back exactly as a
 * replay of the whole journal would; one it cannot use is passed over; and {@code journal verify}'s audit finds a
 * checkpoint that is not what its events give.
 */
class CheckpointRecoveryTest {

    private static final Duration POLL = ChannelSupervisorTest.POLL;
    /** Small, so that one short session passes it (the daemon's is {@value DecisionChain#CHECKPOINT_AFTER_EVENTS}). */
    private static final int EVERY = 40;

    @TempDir
    Path dataDir;

    private ManualTimeSource time;
    private SimulatedPump pump;
    private Journal journal;
    private NeDriver driver;
    private ChannelSupervisor channel;

    @BeforeEach
    void setUp() throws Exception {
        time = new ManualTimeSource();
        pump = SimulatedPump.builder(time).name("checkpoint-a").diameterMm(new BigDecimal("26.59")).powerUpAlarm(false)
                .build();
        journal = Journal.open(dataDir, time);
        channel = newSupervisor();
        channel.beginWithoutThread();
    }

    @AfterEach
    void tearDown() {
        channel.close();
        journal.close();
    }

    private ChannelSupervisor newSupervisor() {
        driver = new NeDriver(new SimTransport(pump), time, NeDriverSettings.defaults(0));
        ChannelSupervisor supervisor = new ChannelSupervisor(ChannelSupervisorTest.settings(), driver, journal, time, 1,
                new ProgramBuilder(ChannelSupervisorTest.PUMP,
                        ChannelSupervisor.safetySettingsFor(ChannelSupervisorTest.settings())),
                new SyringeDiameter(new BigDecimal("26.59")));
        supervisor.checkpointAfterEvents(EVERY);
        return supervisor;
    }

    private IntentResult submit(ClinicianIntent.ClinicianAction action) {
        var future = channel.submit(new ClinicianIntent("dr-a", "test", time.wallTime(),
                time.monotonicNanos() + Duration.ofSeconds(30).toNanos(), action));
        channel.runCycle();
        return future.join();
    }

    private void runUntil(Predicate<ChannelSnapshot> condition) {
        long end = time.monotonicNanos() + Duration.ofMinutes(5).toNanos();
        while (!condition.test(channel.snapshot())) {
            assertTrue(time.monotonicNanos() < end, "not reached; snapshot " + channel.snapshot());
            time.advance(POLL);
            channel.runCycle();
        }
    }

    private void cycles(int n) {
        for (int i = 0; i < n; i++) {
            time.advance(POLL);
            channel.runCycle();
        }
    }

    private void start() {
        assertInstanceOf(IntentResult.Accepted.class, submit(new ClinicianIntent.ClinicianAction.Program(
                ChannelSupervisorTest.order("1.2", "0.05"))));
        assertInstanceOf(IntentResult.Accepted.class, submit(new ClinicianIntent.ClinicianAction.Start(List.of(
                new LimitOverride("vitals.gate", "no monitor in this test")))));
    }

    private void wholeSession() {
        start();
        runUntil(s -> s.infusionState().equals("COMPLETED"));
        assertInstanceOf(IntentResult.Accepted.class, submit(new ClinicianIntent.ClinicianAction.End("done")));
        assertEquals("IDLE", channel.snapshot().infusionState());
    }

    private List<JournalEntry> checkpoints() throws JournalException {
        List<JournalEntry> found = new ArrayList<>();
        journal.forEachAfter("a", 0, r -> {
            if (r.type().equals(Checkpoint.TYPE)) {
                found.add(r);
            }
        });
        return found;
    }

    /** The channel's state from replaying every event of its journal from the first record, and their count. */
    private record Whole(ChannelState state, long events) {
    }

    private Whole wholeReplay() throws JournalException {
        ChannelState[] state = {ChannelState.initial("a", ChannelSupervisor.safetySettingsFor(ChannelSupervisorTest.settings()))};
        long[] events = {0};
        journal.forEachAfter("a", 0, r -> {
            if (r.type().equals(ChannelSupervisor.EVENT)) {
                state[0] = SafetyCore.decide(state[0], EventJson.read(r.payload())).state();
                events[0]++;
            }
        });
        return new Whole(state[0], events[0]);
    }

    private JournalRecovery.Replayed recoverAfresh() throws JournalException {
        SessionOrders orders = new SessionOrders("a", journal, ChannelSupervisorTest.PUMP);
        return new JournalRecovery("a", journal, ChannelSupervisor.safetySettingsFor(ChannelSupervisorTest.settings()),
                orders, new AfterCareRecords("a", journal, time, orders)).replay(() -> { });
    }

    @Test
    @DisplayName("SR-G2: a checkpoint is journaled when a session has ended, none while one runs; a restart in the next "
            + "session replays only what came after it and comes back exactly as the whole replay, program and all")
    void restartBeginsAtTheNewestCheckpoint() throws Exception {
        wholeSession();
        List<JournalEntry> afterFirst = checkpoints();
        assertEquals(1, afterFirst.size(), "one checkpoint, at the end of the session: " + afterFirst);
        // After the session's close: not among the records its export and timeline show.
        String firstSession = journal.readAfter("a", 0, 10_000).stream().filter(r -> r.type().equals(Journal.SESSION_OPENED))
                .map(r -> r.payload().replaceAll(".*\"sessionId\":\"([^\"]+)\".*", "$1")).findFirst().orElseThrow();
        List<JournalEntry> sessionRecords = journal.recordsOfSession(firstSession);
        assertEquals(Journal.SESSION_CLOSED, sessionRecords.getLast().type(), "the session was closed");
        assertTrue(afterFirst.getFirst().sequence() > sessionRecords.getLast().sequence(),
                "checkpoint " + afterFirst.getFirst().sequence() + " after the close " + sessionRecords.getLast().sequence());
        Checkpoint written = Checkpoint.fromJson(afterFirst.getFirst().payload());
        assertEquals("IDLE", written.state().infusion().name());
        assertEquals(wholeReplay().events(), written.events(), "it sums up every event before it");

        start();
        cycles(240);                                   // 60 s of the second session's 150 s
        assertEquals("RUNNING", channel.snapshot().infusionState());
        assertEquals(afterFirst, checkpoints(), "no checkpoint while a session runs");
        ChannelSnapshot.LoadedProgram program = channel.snapshot().loadedProgram().orElseThrow();

        // The crash: nothing tells the pump to stop; a new supervisor starts on the same journal.
        driver.close();
        Whole whole = wholeReplay();
        JournalRecovery.Replayed fromCheckpoint = recoverAfresh();
        assertEquals(afterFirst.getFirst().sequence(), fromCheckpoint.checkpoint());
        assertEquals(whole.state(), fromCheckpoint.state(), "the checkpoint and what followed it give the whole replay");
        assertEquals(whole.events(), fromCheckpoint.events());
        assertEquals(whole.events() - written.events(), fromCheckpoint.replayed(), "only the events after it are read");
        assertTrue(fromCheckpoint.replayed() < whole.events() / 2, fromCheckpoint.toString());

        channel = newSupervisor();
        channel.beginWithoutThread();
        cycles(8);
        ChannelSnapshot after = channel.snapshot();
        assertEquals("PAUSED", after.infusionState(), after.toString());
        assertTrue(after.activeAlarms().stream().anyMatch(a -> a.type().equals("DAEMON_RESTARTED")), after.toString());
        long truth = pump.truth().infusedMicrolitres() - ChannelSupervisorTest.TOTAL;
        assertTrue(Math.abs(after.delivered().microlitres() - truth) <= 10,
                "second session: journal " + after.delivered() + " vs pump truth " + truth + " uL");
        assertEquals(program.order(), after.loadedProgram().orElseThrow().order(), "the session's order is shown");
        assertEquals(program.startedAt(), after.loadedProgram().orElseThrow().startedAt());

        CheckpointAudit.Result audit = CheckpointAudit.audit(journal);
        assertEquals(java.util.Map.of("a", 1), audit.checked());
        assertTrue(audit.mismatch().isEmpty(), audit.toString());
    }

    @Test
    @DisplayName("SR-G2 SR-G3: a checkpoint that does not match its hash, one this build cannot read, or one of another "
            + "channel is passed over: the channel replays from its first record and comes back the same")
    void unusableCheckpointIsPassedOver() throws Exception {
        wholeSession();
        Whole whole = wholeReplay();
        long seq = checkpoints().getFirst().sequence();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Journal.FILE_NAME));
             Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER records_are_append_only_update");
            s.executeUpdate("UPDATE records SET payload = replace(payload, '\"epoch\":0', '\"epoch\":7') WHERE seq = "
                    + seq);
        }
        assertTrue(checkpoints().getFirst().payload().contains("\"epoch\":7"), "the checkpoint was altered");
        JournalRecovery.Replayed unaltered = recoverAfresh();
        assertEquals(0, unaltered.checkpoint(), "altered: from the first record");
        assertEquals(whole.state(), unaltered.state());

        journal.append("a", Checkpoint.TYPE, "{\"format\":2,\"events\":1,\"state\":{}}");
        JournalRecovery.Replayed replayed = recoverAfresh();
        assertEquals(0, replayed.checkpoint(), "another format: from the first record");
        assertEquals(whole.state(), replayed.state());
        assertEquals(whole.events(), replayed.replayed());

        ChannelState other = whole.state();
        other = new ChannelState("b", other.channelSettings(), other.infusion(), other.session(), other.pump(),
                other.vitals(), other.alarms(), other.nextAlarmId(), other.emergencyStopLatched(),
                other.emergencyStopInputActive(), other.journalFailed(), other.linkLost(), other.uncertain(),
                other.trips(), other.restartLocked(), other.epoch());
        journal.append("a", Checkpoint.TYPE, new Checkpoint(whole.events(), other).toJson());
        replayed = recoverAfresh();
        assertEquals(0, replayed.checkpoint(), "another channel's state: from the first record");
        assertEquals(whole.state(), replayed.state());

        CheckpointAudit.Result audit = CheckpointAudit.audit(journal);
        assertEquals(1, audit.passedOver().size(), audit.toString());
        assertTrue(audit.passedOver().values().iterator().next().contains("format 2"), audit.toString());
    }

    @Test
    @DisplayName("SR-G2 SR-G3: journal verify's audit finds a checkpoint that is not what its events give, and names "
            + "the record and what differs")
    void auditFindsACheckpointThatIsNotItsEvents() throws Exception {
        wholeSession();
        Whole whole = wholeReplay();
        ChannelState forged = ChannelState.initial("a", whole.state().channelSettings());
        long seq = journal.append("a", Checkpoint.TYPE, new Checkpoint(whole.events(), forged).toJson()).sequence();
        CheckpointAudit.Result audit = CheckpointAudit.audit(journal);
        CheckpointAudit.Mismatch mismatch = audit.mismatch().orElseThrow(() -> new AssertionError(audit.toString()));
        assertEquals(seq, mismatch.sequence());
        assertEquals("a", mismatch.channel());
        assertTrue(mismatch.detail().startsWith("checkpoint record " + seq + " of channel a is not what its "
                + whole.events() + " events give: "), mismatch.detail());
        assertTrue(mismatch.detail().contains("pump is PumpTracking[counterKnown=false"), mismatch.detail());
        assertTrue(mismatch.detail().contains("nextAlarmId is 1 where the events give " + whole.state().nextAlarmId()),
                mismatch.detail());
        assertEquals(java.util.Map.of("a", 1), audit.checked(), "the true checkpoint before it was checked");
    }
}
