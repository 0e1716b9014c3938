package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.withSettings;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.journal.Verification;
import org.dosewarden.sim.SimTransport;
import org.dosewarden.sim.SimulatedPump;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.AdditionalAnswers;
import org.mockito.MockedStatic;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConnection;

/**
 * The journal's database refusing a write while a channel runs an infusion: disk full at commit, or an I/O
 * error on the insert. A real SQLite file cannot be made to do either on demand, so the JDBC connection the
 * journal opens is a Mockito stand-in delegating to the real one, with the fault switched on mid-infusion.
 * As documented (docs/safety-core.md, SR-C4): the core is told and raises the high, latched JOURNAL_FAILURE
 * alarm; the running infusion goes on; a clinician can still pause it (less drug needs no record first); no
 * start or resume is accepted; and nothing written before the failure is lost: the reopened file verifies.
 */
class JournalFaultTest {

    private static final Duration POLL = ChannelSupervisorTest.POLL;

    @TempDir
    Path dataDir;

    private final AtomicReference<SQLException> commitFault = new AtomicReference<>();
    private final AtomicReference<SQLException> insertFault = new AtomicReference<>();
    private ManualTimeSource time;
    private SimulatedPump pump;
    private Journal journal;
    private StepwiseChannel channel;

    @BeforeEach
    void setUp() throws Exception {
        time = new ManualTimeSource();
        pump = SimulatedPump.builder(time).name("journal-a").diameterMm(new BigDecimal("26.59")).powerUpAlarm(false).build();
        try (MockedStatic<JDBC> jdbc = mockStatic(JDBC.class, withSettings().defaultAnswer(CALLS_REAL_METHODS))) {
            jdbc.when(() -> JDBC.createConnection(anyString(), any(Properties.class)))
                    .thenAnswer(inv -> faultable((SQLiteConnection) inv.callRealMethod()));
            journal = Journal.open(dataDir, time);
        }
        channel = new StepwiseChannel(new SimTransport(pump), journal, time);
    }

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.close();
        }
        if (journal != null) {
            journal.close();
        }
    }

    /** The real connection, except that COMMIT (prepared or not) and the record insert throw the armed fault. */
    private SQLiteConnection faultable(SQLiteConnection real) throws SQLException {
        SQLiteConnection c = mock(SQLiteConnection.class, withSettings().defaultAnswer(AdditionalAnswers.delegatesTo(real)));
        doAnswer(inv -> {
            Statement s = real.createStatement();
            Statement wrapped = mock(Statement.class, withSettings().defaultAnswer(AdditionalAnswers.delegatesTo(s)));
            doAnswer(exec -> {
                SQLException e = commitFault.get();
                if (e != null && "COMMIT".equals(exec.getArgument(0))) {
                    throw e;
                }
                return s.execute(exec.getArgument(0));
            }).when(wrapped).execute(anyString());
            return wrapped;
        }).when(c).createStatement();
        doAnswer(inv -> {
            PreparedStatement p = real.prepareStatement(inv.getArgument(0));
            PreparedStatement wrapped = mock(PreparedStatement.class, withSettings().defaultAnswer(AdditionalAnswers.delegatesTo(p)));
            doAnswer(exec -> {
                SQLException e = insertFault.get();
                if (e != null && ((String) inv.getArgument(0)).startsWith("INSERT INTO records")) {
                    throw e;
                }
                return p.executeUpdate();
            }).when(wrapped).executeUpdate();
            doAnswer(exec -> {
                SQLException e = commitFault.get();
                if (e != null && "COMMIT".equals(inv.getArgument(0))) {
                    throw e;
                }
                return p.execute();
            }).when(wrapped).execute();
            return wrapped;
        }).when(c).prepareStatement(anyString());
        return c;
    }

    private IntentResult submit(ClinicianIntent.ClinicianAction action) {
        return channel.submit(action);
    }

    private void cycles(Duration span) {
        channel.cycles(span);
    }

    private ChannelSnapshot.AlarmView alarm(String type) {
        return channel.alarm(type);
    }

    private void journalRefusesWhileRunning(Runnable fault, String expectedCause) throws Exception {
        assertInstanceOf(IntentResult.Accepted.class, submit(new ClinicianIntent.ClinicianAction.Program(
                ChannelSupervisorTest.order("1.2", "0.05"))));
        assertInstanceOf(IntentResult.Accepted.class, submit(new ClinicianIntent.ClinicianAction.Start(List.of(
                new LimitOverride("vitals.gate", "no monitor in this bench test")))));
        cycles(Duration.ofSeconds(20));
        assertEquals("RUNNING", channel.snapshot().infusionState());
        List<JournalEntry> written = journal.readAfter(0, 10_000);
        long lastWritten = journal.lastSequence();
        assertTrue(lastWritten > 5, "records before the fault: " + lastWritten);

        // The fault: from now on every write fails. The core is told (SR-C4) ...
        fault.run();
        cycles(Duration.ofSeconds(5));
        ChannelSnapshot.AlarmView failure = alarm("JOURNAL_FAILURE");
        assertEquals("HIGH", failure.priority());
        assertTrue(failure.latched());
        assertTrue(failure.message().contains(expectedCause), failure.message());
        assertTrue(journal.failure().isPresent());
        // ... the running infusion goes on, as documented (the alarm's action is CONTINUE) ...
        assertEquals("RUNNING", channel.snapshot().infusionState());
        assertTrue(pump.snapshot().prompt().motorMayRun(), "still infusing: " + pump.snapshot());
        // ... a pause still reaches the pump, since less drug needs no record first ...
        submit(new ClinicianIntent.ClinicianAction.Pause());
        cycles(Duration.ofSeconds(2));
        assertFalse(pump.snapshot().prompt().motorMayRun(), "paused at the clinician's request: " + pump.snapshot());
        long truth = pump.truth().infusedMicrolitres();
        cycles(Duration.ofSeconds(10));
        assertEquals(truth, pump.truth().infusedMicrolitres(), "nothing delivered while paused");
        // ... and nothing that needs a record first (a resume) is done.
        IntentResult resume = submit(new ClinicianIntent.ClinicianAction.Resume(List.of()));
        assertFalse(resume instanceof IntentResult.Accepted, "resume without a journal: " + resume);
        cycles(Duration.ofSeconds(2));
        assertFalse(pump.snapshot().prompt().motorMayRun(), "not resumed: " + pump.snapshot());

        // Nothing written before the fault is lost: the file reopens, verifies, and holds every record unchanged.
        channel.close();
        journal.close();
        commitFault.set(null);
        insertFault.set(null);
        journal = Journal.open(dataDir, time);
        assertInstanceOf(Verification.Intact.class, journal.verify());
        assertTrue(journal.lastSequence() >= lastWritten);
        assertEquals(written, journal.readAfter(0, written.size()));
        journal.close();
        journal = null;
        channel = null;
    }

    @Test
    @DisplayName("SR-C4 SR-G1: disk full at commit mid-infusion: JOURNAL_FAILURE raised, pause still works, no resume, nothing written lost")
    void diskFullAtCommit() throws Exception {
        journalRefusesWhileRunning(() -> commitFault.set(new SQLException("[SQLITE_FULL] database or disk is full")),
                "SQLITE_FULL");
    }

    @Test
    @DisplayName("SR-C4 SR-G1: I/O error on the insert mid-infusion: JOURNAL_FAILURE raised, pause still works, no resume, nothing written lost")
    void ioErrorOnInsert() throws Exception {
        journalRefusesWhileRunning(() -> insertFault.set(new SQLException("[SQLITE_IOERR] disk I/O error")), "SQLITE_IOERR");
    }
}
