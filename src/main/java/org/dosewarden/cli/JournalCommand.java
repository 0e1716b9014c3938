package org.dosewarden.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.dosewarden.channel.CheckpointAudit;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalBackup;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.journal.JournalException;
import org.dosewarden.journal.JournalReader;
import org.dosewarden.journal.Session;
import org.dosewarden.journal.SessionExport;
import org.dosewarden.journal.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code dosewarden journal verify|export|backup}: tools for biomedical engineers and for the chart. They only
 * read the live journal, so they work beside a running daemon.
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
        description = "Check the durable journal's hash chain, export a session for the patient's chart, or back "
                + "the journal up.",
        subcommands = {JournalCommand.Verify.class, JournalCommand.Export.class, JournalCommand.Backup.class})
public final class JournalCommand {

    /** Exit code when the journal is damaged, tampered with or unreadable. */
    public static final int EXIT_DAMAGED = 1;
    /** Exit code for input the command cannot use (no journal there, no such session, unusable destination). */
    public static final int EXIT_BAD_INPUT = 2;

    /** The daemon's own default: {@code DOSEWARDEN_DATA_DIR} (set by the installed launcher), else ./data. */
    static final String DEFAULT_DATA_DIR = "${env:DOSEWARDEN_DATA_DIR:-./data}";

    /** Before or after the subcommand: {@code journal --data-dir D verify} and {@code journal verify --data-dir D}. */
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = DEFAULT_DATA_DIR, scope = ScopeType.INHERIT,
            description = "The daemon's data directory (dosewarden.data-dir), holding " + Journal.FILE_NAME
                    + ". Default: ${DEFAULT-VALUE}")
    Path dataDir;

    /** A command on the journal of one data directory. */
    abstract static class DataDirTool implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ParentCommand
        JournalCommand journal;

        /** The data directory named before or after the subcommand. */
        Path dataDir() {
            return journal.dataDir;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        /** False, having said so, when there is no journal in the data directory. */
        boolean journalPresent() {
            if (Files.isRegularFile(dataDir().resolve(Journal.FILE_NAME))) {
                return true;
            }
            err().println("error: no journal at " + dataDir().resolve(Journal.FILE_NAME) + " (is --data-dir right?)");
            return false;
        }
    }

    /** A command that reads the journal through a read-only reader. */
    abstract static class JournalTool extends DataDirTool {

        @Override
        public Integer call() {
            if (!journalPresent()) {
                return EXIT_BAD_INPUT;
            }
            try (JournalReader reader = Journal.openForReading(dataDir())) {
                return run(reader);
            } catch (JournalException e) {
                err().println("error: " + e.getMessage());
                return EXIT_DAMAGED;
            }
        }

        abstract int run(JournalReader reader) throws JournalException;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Walk the whole hash chain and the session and cursor tables (SR-G3), then check every "
                    + "checkpoint against the events before it (SR-G2).",
                "Prints OK with counts and the head hash (exit 0), or the first broken record (exit 1)."})
    static final class Verify extends JournalTool {

        @Override
        int run(JournalReader reader) throws JournalException {
            return switch (reader.verify()) {
                case Verification.Intact ok -> {
                    PrintWriter out = out();
                    out.println("OK: journal " + reader.file() + " is intact");
                    out.println("  records:   " + ok.records() + (ok.records() == 0 ? "" : " (1.." + ok.headSequence() + ")"));
                    out.println("  channels:  " + (ok.recordsByChannel().isEmpty() ? "none" : ok.recordsByChannel()
                            .entrySet().stream().map(Map.Entry::toString).collect(Collectors.joining(", "))));
                    out.println("  sessions:  " + ok.sessions());
                    out.println("  cursors:   " + ok.cursors());
                    out.println("  head hash: " + ok.headHash());
                    CheckpointAudit.Result checkpoints = CheckpointAudit.audit(reader);
                    out.println("  checkpoints: " + checkpoints.checkedCount() + " equal to the events before them"
                            + (checkpoints.checked().isEmpty() ? "" : " (" + checkpoints.checked().entrySet().stream()
                                    .map(Map.Entry::toString).collect(Collectors.joining(", ")) + ")"));
                    checkpoints.passedOver().forEach((seq, why) -> out.println("  checkpoint record " + seq
                            + " passed over (recovery does too): " + why));
                    if (checkpoints.mismatch().isPresent()) {
                        CheckpointAudit.Mismatch m = checkpoints.mismatch().get();
                        out.println("BROKEN: journal " + reader.file() + ", checkpoint record " + m.sequence()
                                + " (CHECKPOINT_MISMATCH)");
                        out.println("  " + m.detail());
                        out.println("  a restart of channel " + m.channel() + " would begin at a wrong state: keep this"
                                + " journal for the investigation and tell the manufacturer");
                        out.flush();
                        yield EXIT_DAMAGED;
                    }
                    out.flush();
                    yield 0;
                }
                case Verification.Broken broken -> {
                    PrintWriter out = out();
                    out.println("BROKEN: journal " + reader.file() + ", first broken record " + broken.sequence()
                            + " (" + broken.problem() + ")");
                    out.println("  " + broken.detail());
                    out.println("  records checked intact before it: " + broken.intactRecords());
                    out.flush();
                    yield EXIT_DAMAGED;
                }
            };
        }
    }

    enum Format { json, csv }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write one session and all its records for the patient's chart.",
                "Refuses (exit 1) when a record of the session does not match its hash."})
    static final class Export extends JournalTool {

        @Option(names = "--session", required = true, paramLabel = "ID", description = "Session id to export.")
        String sessionId;

        @Option(names = "--format", defaultValue = "json", paramLabel = "FORMAT",
                description = "json or csv. Default: ${DEFAULT-VALUE}")
        Format format;

        @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of standard output.")
        Path outFile;

        @Override
        int run(JournalReader reader) throws JournalException {
            Session session = reader.session(sessionId).orElse(null);
            if (session == null) {
                err().println("error: no session '" + sessionId + "' in journal " + reader.file());
                return EXIT_BAD_INPUT;
            }
            List<JournalEntry> records = reader.recordsOfSession(sessionId);
            Optional<JournalEntry> altered = SessionExport.firstAltered(records);
            if (altered.isPresent()) {
                err().println("error: record " + altered.get().sequence() + " of session " + sessionId
                        + " does not match its hash; not exporting altered data. Run 'dosewarden journal verify'.");
                return EXIT_DAMAGED;
            }
            try (Writer writer = outFile == null ? new NonClosingWriter(out()) : Files.newBufferedWriter(outFile,
                    StandardCharsets.UTF_8)) {
                switch (format) {
                    case json -> SessionExport.writeJson(session, records, writer);
                    case csv -> SessionExport.writeCsv(records, writer);
                }
            } catch (IOException e) {
                err().println("error: cannot write " + (outFile == null ? "standard output" : outFile) + ": "
                        + e.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (outFile != null) {
                err().println("exported session " + sessionId + " (" + records.size() + " records) to " + outFile);
            }
            return 0;
        }
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = {"Copy the live journal with SQLite's online backup API, beside the running daemon, and "
                    + "verify the copy's hash chain (SR-S2).",
                "DEST is a new file, or an existing directory that receives journal-YYYYMMDD-HHMMSSZ.db (UTC).",
                "Exit 0 with the copy verified; 1 when the journal or the copy is damaged or the copy failed; "
                    + "2 when there is no journal or DEST cannot be used (exists, directory missing or not "
                    + "writable)."})
    static final class Backup extends DataDirTool {

        @Parameters(index = "0", paramLabel = "DEST", description = "New backup file, or a directory for a dated one.")
        Path destination;

        @Override
        public Integer call() {
            if (!journalPresent()) {
                return EXIT_BAD_INPUT;
            }
            try {
                JournalBackup.Copy copy = JournalBackup.copy(dataDir(), destination, TimeSource.system().wallTime());
                Verification.Intact ok = copy.verification();
                PrintWriter out = out();
                out.println("OK: journal " + copy.source() + " backed up to " + copy.file() + "; the copy is intact");
                out.println("  records:   " + ok.records() + (ok.records() == 0 ? "" : " (1.." + ok.headSequence() + ")"));
                out.println("  sessions:  " + ok.sessions());
                out.println("  head hash: " + ok.headHash());
                out.flush();
                return 0;
            } catch (JournalBackup.UnusableDestination e) {
                err().println("error: " + e.getMessage());
                return EXIT_BAD_INPUT;
            } catch (JournalException e) {
                err().println("error: " + e.getMessage());
                return EXIT_DAMAGED;
            }
        }
    }

    /** Standard output belongs to picocli; the export must not close it. */
    private static final class NonClosingWriter extends java.io.FilterWriter {
        NonClosingWriter(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
