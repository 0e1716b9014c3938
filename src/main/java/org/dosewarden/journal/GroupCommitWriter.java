package org.dosewarden.journal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dosewarden.clock.TimeSource;

/**
 * The one thread ({@code journal-writer}) that owns the write connection. Writes from any thread are queued
 * to it; it commits whatever has queued up as one transaction (group commit, at most {@value #MAX_GROUP}
 * writes) and completes each caller only after COMMIT returned, that is after SQLite has fsync'ed the
 * write-ahead log ({@code synchronous=FULL}). The first failed transaction latches: it and every later write
 * fail with {@link JournalWriteException} (SR-C4).
 *
 * <p>Records are sequenced in the order their writes reach the queue; the writer stamps each with the wall and
 * monotonic time of the {@link TimeSource} when it assigns the sequence, and chains it to the one before.
 */
final class GroupCommitWriter {

    /** Most writes per transaction; bounds the time one commit holds its callers. */
    private static final int MAX_GROUP = 1024;

    private final Path file;
    private final TimeSource clock;
    private final Connection connection;
    private final PreparedStatement insertRecord;
    /** Prepared once, like the insert: a group is a few records, so preparing per group costs as much as them. */
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final BlockingQueue<WriteOp> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Object headMonitor = new Object();
    private final ChainHash chain = new ChainHash();

    // Owned by the writer thread.
    private long head;
    private byte[] headHash;
    /** Last durable sequence, for readers on other threads; guarded by headMonitor for waiting. */
    private volatile long durableHead;
    private volatile JournalWriteException failure;
    private volatile boolean closed;

    /** Continues the chain of {@code writable}; call {@link #start()} before the first write. */
    GroupCommitWriter(JournalFile.Writable writable, TimeSource clock) throws SQLException {
        this.file = writable.file();
        this.clock = clock;
        this.connection = writable.connection();
        this.head = writable.head();
        this.headHash = writable.headHash();
        this.durableHead = head;
        this.insertRecord = connection.prepareStatement(
                "INSERT INTO records (seq, wall_nanos, mono_nanos, channel, type, payload, prev_hash, hash) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        this.begin = connection.prepareStatement("BEGIN IMMEDIATE");
        this.commit = connection.prepareStatement("COMMIT");
        this.thread = Thread.ofPlatform().name("journal-writer").daemon(true).unstarted(this::writeLoop);
    }

    void start() {
        thread.start();
    }

    // ---- what can be written ------------------------------------------------------------------------

    sealed interface WriteOp permits Append, MoveCursor, Stop {
        CompletableFuture<?> done();
    }

    /** One record, and what it does to the session table (in the same transaction). */
    record Append(String channel, String type, String payload, SessionIndex.Change sessionChange,
            CompletableFuture<JournalEntry> done) implements WriteOp {
    }

    record MoveCursor(String name, long sequence, CompletableFuture<Long> done) implements WriteOp {
    }

    private record Stop() implements WriteOp {
        @Override
        public CompletableFuture<?> done() {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Queues {@code op}; its future fails at once when the writer has latched a failure or is closed. */
    <T> CompletableFuture<T> submit(WriteOp op) {
        JournalWriteException latched = failure;
        if (latched != null) {
            op.done().completeExceptionally(latched);
        } else if (closed) {
            op.done().completeExceptionally(new JournalWriteException("journal " + file + " is closed"));
        } else {
            queue.add(op);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<T> done = (CompletableFuture<T>) op.done();
        return done;
    }

    /**
     * Waits for a write's outcome without reacting to interrupts, rethrowing its failure on the caller's
     * thread (so the trace shows the caller, not only the writer).
     */
    static <T> T await(CompletableFuture<T> future) throws JournalWriteException {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            switch (cause) {
                case JournalWriteException write -> throw new JournalWriteException(write.getMessage(), write);
                case IllegalArgumentException bad -> throw new IllegalArgumentException(bad.getMessage(), bad);
                case IllegalStateException refused -> throw new IllegalStateException(refused.getMessage(), refused);
                case RuntimeException runtime -> throw runtime;
                default -> { }
            }
            throw new JournalWriteException("journal write failed: " + cause, cause);
        }
    }

    long durableHead() {
        return durableHead;
    }

    JournalWriteException failure() {
        return failure;
    }

    /** See {@link Journal#awaitRecordsAfter}. */
    boolean awaitRecordsAfter(long sequence, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (headMonitor) {
            while (durableHead <= sequence) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed || failure != null) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(headMonitor, left);
            }
            return true;
        }
    }

    /**
     * Stops accepting writes, finishes every write already queued, and waits for the thread to end (through
     * interrupts, keeping the flag). Does not close the connection. Idempotent.
     */
    void stop() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(new Stop());
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the writer thread --------------------------------------------------------------------------

    private void writeLoop() {
        List<WriteOp> batch = new ArrayList<>(MAX_GROUP);
        try {
            while (true) {
                batch.clear();
                batch.add(queue.take());
                queue.drainTo(batch, MAX_GROUP - 1);
                boolean stop = batch.removeIf(op -> op instanceof Stop);
                if (!batch.isEmpty()) {
                    if (failure != null) {
                        batch.forEach(op -> op.done().completeExceptionally(failure));
                    } else {
                        writeGroup(batch);
                    }
                }
                if (stop) {
                    break;
                }
            }
        } catch (Throwable t) {
            // An unexpected error in the writer: fail closed, nothing further is written.
            latch(new JournalWriteException("journal writer stopped unexpectedly: " + t, t));
            batch.forEach(op -> op.done().completeExceptionally(failure));
        } finally {
            for (WriteOp op; (op = queue.poll()) != null; ) {
                op.done().completeExceptionally(failure != null ? failure
                        : new JournalWriteException("journal " + file + " is closed"));
            }
            synchronized (headMonitor) {
                headMonitor.notifyAll();
            }
        }
    }

    /** One transaction for the whole group; callers complete only after COMMIT returned. */
    private void writeGroup(List<WriteOp> group) {
        long seq = head;
        byte[] previous = headHash;
        List<Runnable> completions = new ArrayList<>(group.size());
        try {
            begin.execute();
            for (WriteOp op : group) {
                switch (op) {
                    case Append append -> {
                        String refusal = SessionIndex.refusal(connection, append.channel(), append.sessionChange());
                        if (refusal != null) {
                            append.done().completeExceptionally(new IllegalStateException(refusal));
                            continue;
                        }
                        seq++;
                        Instant wall = clock.wallTime();
                        long mono = clock.monotonicNanos();
                        byte[] hash = insert(append, seq, wall, mono, previous);
                        JournalEntry stored = new JournalEntry(seq, wall, mono, append.channel(), append.type(),
                                append.payload(), ChainHash.hex(previous), ChainHash.hex(hash));
                        completions.add(() -> append.done().complete(stored));
                        previous = hash;
                    }
                    case MoveCursor move -> {
                        String refusal = CursorTable.move(connection, move.name(), move.sequence(), seq,
                                JournalFile.epochNanos(clock.wallTime()));
                        if (refusal != null) {
                            move.done().completeExceptionally(new IllegalArgumentException(refusal));
                        } else {
                            completions.add(() -> move.done().complete(move.sequence()));
                        }
                    }
                    case Stop stop -> throw new IllegalStateException("stop is handled by the write loop");
                }
            }
            commit.execute();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            long first = head + 1;
            latch(new JournalWriteException("journal " + file + ": write failed, records from " + first
                    + " on were not stored and the journal accepts no more writes until restarted: " + e.getMessage(), e));
            group.forEach(op -> op.done().completeExceptionally(failure));
            return;
        }
        head = seq;
        headHash = previous;
        synchronized (headMonitor) {
            durableHead = seq;
            headMonitor.notifyAll();
        }
        completions.forEach(Runnable::run);
    }

    /** Chains and inserts one record (and its session row) inside the open transaction; returns its hash. */
    private byte[] insert(Append append, long seq, Instant wall, long mono, byte[] previous) throws SQLException {
        long wallNanos = JournalFile.epochNanos(wall);
        byte[] hash = chain.hash(previous, seq, wallNanos, mono, append.channel(), append.type(), append.payload());
        insertRecord.setLong(1, seq);
        insertRecord.setLong(2, wallNanos);
        insertRecord.setLong(3, mono);
        insertRecord.setString(4, append.channel());
        insertRecord.setString(5, append.type());
        insertRecord.setString(6, append.payload());
        insertRecord.setBytes(7, previous);
        insertRecord.setBytes(8, hash);
        insertRecord.executeUpdate();
        SessionIndex.apply(connection, append.channel(), append.sessionChange(), seq, wallNanos);
        return hash;
    }

    private void latch(JournalWriteException e) {
        if (failure == null) {
            failure = e;
        }
        synchronized (headMonitor) {
            headMonitor.notifyAll();
        }
    }

    private void rollbackQuietly() {
        try (Statement s = connection.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // No transaction open (BEGIN failed) or the connection is gone: nothing to undo.
        }
    }
}
