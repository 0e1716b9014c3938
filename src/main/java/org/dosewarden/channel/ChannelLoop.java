package org.dosewarden.channel;

import java.time.Duration;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.journal.JournalException;

/**
 * The thread of one channel and the rhythm it keeps (DESIGN.md principle 6): begin (recover from the journal,
 * connect the pump), then one cycle per poll period on the daemon's common beat ({@link #nextBeat}), handling work from the {@link ChannelInbox} as soon as it
 * arrives between cycles, not at the next poll. How late each cycle starts goes to {@link LatenessStats}.
 *
 * <p>A begin or a cycle that throws ends that run: the channel is told ({@link Steps#failed}, which stops the
 * pump), and after {@link #RESTART_PAUSE} the loop begins again from the journal, exactly as a daemon restart
 * would. When the loop ends for good the channel is told once more ({@link Steps#ended}). What happens at each
 * moment is the {@link ChannelSupervisor}'s; this class only decides when.
 */
final class ChannelLoop {

    /** The moments of the loop, each run on the channel thread. */
    interface Steps {
        /** Rebuild from the journal and connect; the start of every run. */
        void begin() throws JournalException;

        /** One supervision cycle. */
        void cycle();

        /** Work that arrived between cycles. */
        void arrived(ChannelInbox.Job job);

        /** A run failed with {@code failure}; the loop restarts after {@link #RESTART_PAUSE}. */
        void failed(Throwable failure);

        /** The loop ends for good (stopped, or its thread interrupted). */
        void ended();
    }

    /** Pause before a failed run begins again, so a failure that repeats at once does not spin. */
    static final Duration RESTART_PAUSE = Duration.ofSeconds(1);

    private final String name;
    private final Duration pollPeriod;
    private final TimeSource time;
    private final long timeFactor;
    private final ChannelInbox inbox;
    private final LatenessStats lateness;
    private final Steps steps;
    private volatile boolean running;
    private volatile Thread thread;

    /**
     * @param timeFactor how many times faster than the machine {@code time} runs (1 for real time); waits
     *                   between polls are divided by it
     */
    ChannelLoop(String name, Duration pollPeriod, TimeSource time, long timeFactor, ChannelInbox inbox,
                LatenessStats lateness, Steps steps) {
        if (timeFactor < 1) {
            throw new IllegalArgumentException("time factor must be at least 1: " + timeFactor);
        }
        this.name = name;
        this.pollPeriod = pollPeriod;
        this.time = time;
        this.timeFactor = timeFactor;
        this.inbox = inbox;
        this.lateness = lateness;
        this.steps = steps;
    }

    /** Whether the channel takes work: from {@link #start} (or {@link #runningWithoutThread}) until {@link #stop}. */
    boolean running() {
        return running;
    }

    /** Starts the channel thread, once. */
    synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "channel-" + name);
        t.setDaemon(false);
        thread = t;
        t.start();
    }

    /** For deterministic tests: the channel takes work, and the test drives the cycles on its own thread. */
    void runningWithoutThread() {
        running = true;
    }

    /** Ends the loop and waits up to 5 s for its thread; the thread tells the channel {@link Steps#ended}. */
    void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try {
                steps.begin();
                while (running) {
                    long started = time.monotonicNanos();
                    steps.cycle();
                    waitForNextCycle(nextBeat(started, pollPeriod.toNanos()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable failure) {
                if (!running) {
                    break;
                }
                steps.failed(failure);
                sleepQuietly(RESTART_PAUSE);
            }
        }
        steps.ended();
    }

    /**
     * The beat after the one a cycle that {@code started} belongs to. Beats are the multiples of the poll period
     * on the monotonic clock, the same for every channel of the daemon: channels poll together, so the
     * records of their polls reach the journal together and share its commits (each commit is an fsync)
     * instead of each paying its own. A late cycle keeps the beat; the first cycle of a run may come sooner
     * than a period after the one before.
     */
    static long nextBeat(long started, long periodNanos) {
        return Math.floorDiv(started, periodNanos) * periodNanos + periodNanos;
    }

    private void waitForNextCycle(long dueNanos) throws InterruptedException {
        while (running) {
            long remaining = dueNanos - time.monotonicNanos();
            if (remaining <= 0) {
                lateness.record(-remaining);
                return;
            }
            ChannelInbox.Job job = inbox.poll(Math.max(1, remaining / timeFactor));
            if (job != null) {
                steps.arrived(job);
            }
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
