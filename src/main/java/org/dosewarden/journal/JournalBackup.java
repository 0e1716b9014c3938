package org.dosewarden.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.sqlite.SQLiteConnection;

/**
 * A consistent copy of the live journal, taken beside the daemon that writes it (SR-S2), and checked (SR-G3).
 *
 * <p>The copy uses SQLite's online backup API with all pages in one step: the source is read in one read
 * transaction, which in WAL mode never blocks the writer, so the copy is exactly the journal as of one commit.
 * (The {@code backup to} statement of sqlite-jdbc copies 100 pages per step, and SQLite starts such a backup
 * over whenever another connection commits between two steps: on a large journal beside a busy daemon it may
 * start over many times. One step never starts over.)
 *
 * <p>The copy is written to {@code DEST.partial} (mode 0600: it names patients), switched to a single
 * self-contained file (rollback journal instead of WAL), passed through {@code PRAGMA quick_check}, the format
 * check and the whole chain verification, fsync'ed, and only then renamed to {@code DEST}. A file under the
 * final name is therefore always a complete, verified copy; a copy that does not verify is deleted and
 * reported.
 */
public final class JournalBackup {

    /** A destination that is a directory receives a file of this name, dated in UTC. */
    static final DateTimeFormatter DATED = DateTimeFormatter.ofPattern("'journal-'uuuuMMdd'-'HHmmss'Z.db'")
            .withZone(ZoneOffset.UTC);

    private JournalBackup() {
    }

    /** The verified copy. */
    public record Copy(Path source, Path file, Verification.Intact verification) {
    }

    /** The destination cannot be used: it exists, its directory is missing or not writable. Nothing was copied. */
    public static final class UnusableDestination extends JournalException {
        UnusableDestination(String message) {
            super(message);
        }
    }

    /** The copy was made but does not verify (the live journal is damaged): nothing is left under the name. */
    public static final class CopyDoesNotVerify extends JournalException {
        private final transient Verification.Broken broken;

        CopyDoesNotVerify(String message, Verification.Broken broken) {
            super(message);
            this.broken = broken;
        }

        public Verification.Broken broken() {
            return broken;
        }
    }

    /**
     * Copies the journal of {@code dataDir} to {@code destination} and verifies the copy.
     *
     * @param destination a file that does not exist yet, in an existing writable directory; or an existing
     *                    directory, which then receives {@code journal-YYYYMMDD-HHMMSSZ.db} dated {@code now}
     * @param now         the time that names a copy made into a directory
     * @throws UnusableDestination when the destination cannot be used (nothing copied)
     * @throws CopyDoesNotVerify   when the copy does not verify (nothing kept)
     * @throws JournalException    when there is no journal, it is damaged or not a journal, or the copy fails
     */
    public static Copy copy(Path dataDir, Path destination, Instant now) throws JournalException {
        Path source = dataDir.resolve(Journal.FILE_NAME);
        Path target = Files.isDirectory(destination) ? destination.resolve(DATED.format(now)) : destination;
        JournalFile.checkReadable(source);
        checkDestination(source, target);
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            createOwnerOnly(partial);
        } catch (FileAlreadyExistsException e) {
            throw new UnusableDestination("backup destination " + partial + " already exists: another backup to "
                    + target + " is running, or one was interrupted; remove it and try again");
        } catch (IOException e) {
            throw new UnusableDestination("cannot create backup file " + partial + ": " + e);
        }
        boolean keep = false;
        try {
            copyPages(source, partial);
            Verification.Intact intact = checkCopy(partial, source);
            syncFile(partial);
            Files.move(partial, target);
            keep = true;
            syncDirectory(target.toAbsolutePath().getParent());
            return new Copy(source, target, intact);
        } catch (FileAlreadyExistsException e) {
            throw new UnusableDestination("backup destination " + target + " appeared while copying; the copy was "
                    + "discarded");
        } catch (IOException e) {
            throw new JournalException("backup of journal " + source + " to " + target + " failed: " + e, e);
        } finally {
            if (!keep) {
                deleteQuietly(partial);
                deleteQuietly(partial.resolveSibling(partial.getFileName() + "-journal"));
            }
        }
    }

    private static void checkDestination(Path source, Path target) throws UnusableDestination {
        Path directory = target.toAbsolutePath().getParent();
        if (Files.exists(target)) {
            throw new UnusableDestination("backup destination " + target + " already exists; a backup never "
                    + "overwrites a file (choose a new name, or give a directory for a dated file)");
        }
        if (directory == null || !Files.isDirectory(directory)) {
            throw new UnusableDestination("backup destination directory " + directory + " does not exist");
        }
        if (!Files.isWritable(directory)) {
            throw new UnusableDestination("backup destination directory " + directory + " is not writable by this "
                    + "user");
        }
        // A file named like journal.db-wal beside the live journal would be taken for part of it by SQLite.
        if (directory.normalize().equals(source.toAbsolutePath().getParent().normalize())
                && target.getFileName().toString().startsWith(Journal.FILE_NAME)) {
            throw new UnusableDestination("backup destination " + target + " would sit among the live journal's "
                    + "own files; choose another name or directory");
        }
    }

    /** SQLite's online backup API, every page in one step, so the copy is one consistent snapshot. */
    private static void copyPages(Path source, Path partial) throws JournalException {
        try (Connection c = JournalFile.connect(source, true)) {
            int rc = c.unwrap(SQLiteConnection.class).getDatabase()
                    .backup("main", partial.toString(), null, 100, 30, -1);
            if (rc != 0) {
                throw new JournalException("backup of journal " + source + " to " + partial
                        + " failed: SQLite result code " + rc);
            }
        } catch (SQLException e) {
            throw new JournalException("backup of journal " + source + " to " + partial + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** One self-contained file, structurally sound, of this format, and a chain that verifies. */
    private static Verification.Intact checkCopy(Path partial, Path source) throws JournalException {
        try (Connection c = JournalFile.connect(partial, false)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = DELETE");
            }
            JournalFile.quickCheck(c, partial);
            JournalFile.checkFormat(c, partial);
            return switch (ChainVerifier.verify(c)) {
                case Verification.Intact intact -> intact;
                case Verification.Broken broken -> throw new CopyDoesNotVerify("the copy of journal " + source
                        + " does not verify (the journal itself is damaged; run 'dosewarden journal verify'): "
                        + "first broken record " + broken.sequence() + " (" + broken.problem() + "): "
                        + broken.detail(), broken);
            };
        } catch (SQLException e) {
            throw new JournalException("cannot check the backup copy " + partial + ": " + e.getMessage(), e);
        }
    }

    /** The journal names patients: the copy is readable by its owner only, where the file system has modes. */
    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }

    private static void syncFile(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Makes the rename durable where the file system allows; the copy itself is already on disk. */
    private static void syncDirectory(Path directory) {
        try {
            syncFile(directory);
        } catch (IOException ignored) {
            // Some file systems (e.g. FAT on a USB stick) cannot sync a directory.
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Left behind for the engineer; the error that led here is what gets reported.
        }
    }
}
