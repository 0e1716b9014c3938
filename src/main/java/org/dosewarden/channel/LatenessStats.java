package org.dosewarden.channel;

/**
 * How late a channel's cycles started relative to their schedule (the poll period), in nanoseconds of the
 * channel's clock. Written by the channel thread after each wait, read by metrics and benchmarks from any
 * thread.
 */
public final class LatenessStats {
    private long count;
    private long max;
    private long total;

    synchronized void record(long latenessNanos) {
        count++;
        total += latenessNanos;
        max = Math.max(max, latenessNanos);
    }

    /** Cycles measured so far. */
    public synchronized long count() {
        return count;
    }

    /** The latest start of any cycle so far. */
    public synchronized long maxNanos() {
        return max;
    }

    /** Mean lateness over every measured cycle; 0 before the first. */
    public synchronized long meanNanos() {
        return count == 0 ? 0 : total / count;
    }
}
