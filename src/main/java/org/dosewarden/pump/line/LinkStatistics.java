package org.dosewarden.pump.line;

import org.dosewarden.pump.LinkCounters;

/**
 * The counters behind {@link LinkCounters}, kept by a driver's exchange engine on its owner thread and read from
 * any thread.
 */
public final class LinkStatistics {

    private volatile long requests;
    private volatile long validReplies;
    private volatile long garbledReplies;
    private volatile long silentAttempts;
    private volatile long lastValidReplyNanos = Long.MIN_VALUE;

    /** An attempt was written to the line. */
    public void request() {
        requests++;
    }

    /** A well-formed reply from our pump arrived at {@code nanos}. */
    public void validReply(long nanos) {
        validReplies++;
        lastValidReplyNanos = nanos;
    }

    /** A reply arrived damaged (or answered a garbled command) and is asked for again. */
    public void garbled() {
        garbledReplies++;
    }

    /** An attempt got no valid reply within its timeout. */
    public void silent() {
        silentAttempts++;
    }

    public LinkCounters snapshot() {
        return new LinkCounters(requests, validReplies, garbledReplies, silentAttempts, lastValidReplyNanos);
    }
}
