package org.dosewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.dosewarden.Dosewarden;
import org.dosewarden.channel.Checkpoint;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalException;
import org.dosewarden.journal.SessionExport;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.SafetySettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dosewarden journal verify|export}, driven through the real command line in-process. */
class JournalCommandTest {

    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeASession() throws JournalException {
        ManualTimeSource clock = new ManualTimeSource();
        try (Journal journal = Journal.open(dataDir, clock)) {
            journal.append("b", "pump.polled", "{}");
            journal.openSession("a", "s1", "patient-7", "ketamine");
            clock.advance(Duration.ofMinutes(20));
            journal.append("a", "pump.polled", "{\"deliveredUl\":1750,\"note\":\"a, \\\"quoted\\\" note\"}");
            journal.append("b", "pump.polled", "{}");
            clock.advance(Duration.ofMinutes(20));
            journal.closeSession("a", "s1", 35_000, "ug");
            journal.cursor("mqtt").advanceTo(2);
        }
    }

    @Test
    @DisplayName("SR-G3: verify prints OK with counts and the head hash, exit 0")
    void verifyIntact() {
        assertEquals(0, run("journal", "verify", "--data-dir", dataDir.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("OK: journal " + dataDir.resolve("journal.db") + " is intact"), text);
        assertTrue(text.contains("records:   5 (1..5)"), text);
        assertTrue(text.contains("channels:  a=3, b=2"), text);
        assertTrue(text.contains("sessions:  1"), text);
        assertTrue(text.contains("cursors:   1"), text);
        assertTrue(text.matches("(?s).*head hash: [0-9a-f]{64}.*"), text);
    }

    @Test
    @DisplayName("SR-G3: verify names the first broken record and exits 1")
    void verifyBroken() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Journal.FILE_NAME));
             Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER records_are_append_only_update");
            s.executeUpdate("UPDATE records SET payload = '{\"deliveredUl\":17500}' WHERE seq = 3");
        }
        assertEquals(JournalCommand.EXIT_DAMAGED, run("journal", "verify", "--data-dir", dataDir.toString()));
        assertTrue(out.toString().startsWith("BROKEN: journal " + dataDir.resolve("journal.db")
                + ", first broken record 3 (HASH_MISMATCH)"), out.toString());
        assertTrue(out.toString().contains("records checked intact before it: 2"), out.toString());

        assertEquals(JournalCommand.EXIT_DAMAGED,
                run("journal", "export", "--session", "s1", "--data-dir", dataDir.toString()));
        assertTrue(err.toString().contains("record 3 of session s1 does not match its hash"), err.toString());
    }

    @Test
    @DisplayName("SR-G2 SR-G3: verify checks every checkpoint against the events before it, and names one that is not "
            + "what they give, exit 1")
    void verifyChecksCheckpoints() throws Exception {
        ChannelState initial = ChannelState.initial("c", SafetySettings.DEFAULTS);
        try (Journal journal = Journal.open(dataDir, new ManualTimeSource())) {
            journal.append("c", Checkpoint.TYPE, new Checkpoint(0, initial).toJson());
        }
        assertEquals(0, run("journal", "verify", "--data-dir", dataDir.toString()), out.toString());
        assertTrue(out.toString().contains("checkpoints: 1 equal to the events before them (c=1)"), out.toString());

        ChannelState restarted = new ChannelState("c", initial.channelSettings(), initial.infusion(), null,
                initial.pump(), initial.vitals(), List.of(), 1, false, false, false, false, false, List.of(), false, 1);
        long forged;
        try (Journal journal = Journal.open(dataDir, new ManualTimeSource())) {
            forged = journal.append("c", Checkpoint.TYPE, new Checkpoint(0, restarted).toJson()).sequence();
        }
        out.getBuffer().setLength(0);
        assertEquals(JournalCommand.EXIT_DAMAGED, run("journal", "verify", "--data-dir", dataDir.toString()));
        String text = out.toString();
        assertTrue(text.contains("BROKEN: journal " + dataDir.resolve("journal.db") + ", checkpoint record " + forged
                + " (CHECKPOINT_MISMATCH)"), text);
        assertTrue(text.contains("epoch is 1 where the events give 0"), text);
    }

    @Test
    @DisplayName("no journal in the data directory: a clear message and exit 2")
    void missingJournal() {
        assertEquals(JournalCommand.EXIT_BAD_INPUT, run("journal", "verify", "--data-dir", dataDir.resolve("nope").toString()));
        assertTrue(err.toString().contains("no journal at " + dataDir.resolve("nope").resolve("journal.db")), err.toString());
    }

    @Test
    @DisplayName("SR-G3: --data-dir is taken before the subcommand as well as after it")
    void dataDirBeforeTheSubcommand() {
        assertEquals(0, run("journal", "--data-dir", dataDir.toString(), "verify"), err.toString());
        assertTrue(out.toString().startsWith("OK: journal " + dataDir.resolve("journal.db") + " is intact"), out.toString());
        assertEquals(0, run("journal", "--data-dir", dataDir.toString(), "export", "--session", "s1", "--format", "csv"),
                err.toString());
        assertTrue(out.toString().contains(SessionExport.CSV_HEADER), out.toString());
    }

    @Test
    @DisplayName("export writes the session and only its channel's records as JSON for the chart")
    void exportJson() throws Exception {
        Path file = dataDir.resolve("s1.json");
        assertEquals(0, run("journal", "export", "--session", "s1", "--out", file.toString(),
                "--data-dir", dataDir.toString()), err.toString());
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals("dosewarden-session-export/1", json.get("format").asText());
        JsonNode session = json.get("session");
        assertEquals("patient-7", session.get("patientId").asText());
        assertEquals("closed", session.get("status").asText());
        assertEquals("2026-01-01T08:00:00Z", session.get("startedAt").asText());
        assertEquals("2026-01-01T08:40:00Z", session.get("endedAt").asText());
        assertEquals(35_000, session.get("delivered").get("value").asLong());
        assertEquals("ug", session.get("delivered").get("unit").asText());
        List<Long> seqs = json.get("records").valueStream().map(r -> r.get("seq").asLong()).toList();
        assertEquals(List.of(2L, 3L, 5L), seqs);
        assertEquals(1750, json.get("records").get(1).get("payload").get("deliveredUl").asLong(), "payload is JSON, not text");
        assertTrue(err.toString().contains("exported session s1 (3 records)"), err.toString());
    }

    @Test
    @DisplayName("export as CSV quotes the payload per RFC 4180")
    void exportCsv() {
        assertEquals(0, run("journal", "export", "--session", "s1", "--format", "csv", "--data-dir", dataDir.toString()),
                err.toString());
        String[] lines = out.toString().split("\r\n");
        assertEquals(SessionExport.CSV_HEADER, lines[0]);
        assertEquals(4, lines.length, out.toString());
        assertTrue(lines[2].startsWith("3,2026-01-01T08:20:00Z,1200000000000,a,pump.polled,"
                + "\"{\"\"deliveredUl\"\":1750,\"\"note\"\":\"\"a, \\\"\"quoted\\\"\" note\"\"}\","), lines[2]);
    }

    @Test
    @DisplayName("export of an unknown session or format is refused with exit 2")
    void exportBadInput() {
        assertEquals(JournalCommand.EXIT_BAD_INPUT, run("journal", "export", "--session", "s9", "--data-dir", dataDir.toString()));
        assertTrue(err.toString().contains("no session 's9'"), err.toString());
        assertEquals(Dosewarden.EXIT_BAD_INPUT, run("journal", "export", "--session", "s1", "--format", "xml",
                "--data-dir", dataDir.toString()));
        assertTrue(err.toString().contains("xml"), err.toString());
    }

    @Test
    @DisplayName("verify works beside a daemon that holds the journal open for writing")
    void verifyBesideAWriter() throws JournalException {
        try (Journal journal = Journal.open(dataDir, new ManualTimeSource())) {
            journal.append("a", "x", "{}");
            assertEquals(0, run("journal", "verify", "--data-dir", dataDir.toString()), err.toString());
            assertTrue(out.toString().contains("records:   6 (1..6)"), out.toString());
        }
    }

    @Test
    @DisplayName("SR-S2, SR-G3: backup beside the writing daemon copies the journal, verifies the copy and prints its head hash")
    void backupBesideAWriter() throws Exception {
        Path backups = Files.createDirectories(dataDir.resolve("backups"));
        Path dest = backups.resolve("nightly.db");
        try (Journal journal = Journal.open(dataDir, new ManualTimeSource())) {
            journal.append("a", "x", "{}");
            assertEquals(0, run("journal", "backup", "--data-dir", dataDir.toString(), dest.toString()), err.toString());
        }
        String text = out.toString();
        assertTrue(text.startsWith("OK: journal " + dataDir.resolve("journal.db") + " backed up to " + dest
                + "; the copy is intact"), text);
        assertTrue(text.contains("records:   6 (1..6)"), text);
        assertTrue(text.contains("sessions:  1"), text);
        assertTrue(text.matches("(?s).*head hash: [0-9a-f]{64}.*"), text);

        // The copy is a journal in its own right: restored into a data directory, verify passes on it.
        Path restored = Files.createDirectories(dataDir.resolve("restored"));
        Files.copy(dest, restored.resolve(Journal.FILE_NAME));
        assertEquals(0, run("journal", "verify", "--data-dir", restored.toString()), err.toString());
        assertTrue(out.toString().contains("records:   6 (1..6)"), out.toString());

        // The form the packaged timer uses: options after the subcommand, a directory for a dated file.
        assertEquals(0, run("journal", "backup", backups.toString(), "--data-dir", dataDir.toString()), err.toString());
        assertTrue(out.toString().matches("(?s).* backed up to " + java.util.regex.Pattern.quote(backups.toString())
                + "/journal-\\d{8}-\\d{6}Z\\.db; the copy is intact.*"), out.toString());
    }

    @Test
    @DisplayName("SR-S2: backup refuses an existing destination, a missing directory and a missing journal with exit 2")
    void backupBadInput() throws Exception {
        Path taken = Files.writeString(dataDir.resolve("taken.db"), "older backup");
        assertEquals(JournalCommand.EXIT_BAD_INPUT, run("journal", "backup", "--data-dir", dataDir.toString(),
                taken.toString()));
        assertTrue(err.toString().contains("backup destination " + taken + " already exists"), err.toString());
        assertEquals("older backup", Files.readString(taken));

        Path nowhere = dataDir.resolve("no-such-dir").resolve("b.db");
        assertEquals(JournalCommand.EXIT_BAD_INPUT, run("journal", "backup", "--data-dir", dataDir.toString(),
                nowhere.toString()));
        assertTrue(err.toString().contains("directory " + nowhere.getParent() + " does not exist"), err.toString());

        assertEquals(JournalCommand.EXIT_BAD_INPUT, run("journal", "backup", "--data-dir",
                dataDir.resolve("nope").toString(), dataDir.resolve("b.db").toString()));
        assertTrue(err.toString().contains("no journal at " + dataDir.resolve("nope").resolve("journal.db")),
                err.toString());
    }

    @Test
    @DisplayName("SR-S2, SR-G3: backup of a damaged journal exits 1 and leaves no file that could pass for a backup")
    void backupOfADamagedJournal() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Journal.FILE_NAME));
             Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER records_are_append_only_update");
            s.executeUpdate("UPDATE records SET payload = '{\"deliveredUl\":17500}' WHERE seq = 3");
        }
        Path dest = dataDir.resolve("b.db");
        assertEquals(JournalCommand.EXIT_DAMAGED, run("journal", "backup", "--data-dir", dataDir.toString(),
                dest.toString()));
        assertTrue(err.toString().contains("does not verify") && err.toString().contains("first broken record 3"),
                err.toString());
        assertTrue(!Files.exists(dest) && !Files.exists(dataDir.resolve("b.db.partial")));
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = Dosewarden.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
