package org.dosewarden.pump;

/**
 * What a driver's link has been through since the driver was made, for supervision (SR-D7: the link counts as
 * lost only after the link timeout without any valid reply) and for measurements of line noise.
 *
 * @param requests            command attempts written to the line (first attempts and retries)
 * @param validReplies        well-formed replies from this pump
 * @param garbledReplies      replies that arrived damaged (CRC failure, broken grammar, an error caused by a
 *                            garbled command) and were asked for again
 * @param silentAttempts      attempts that got no valid reply within the reply timeout
 * @param lastValidReplyNanos monotonic time (the driver's TimeSource) of the last valid reply, or
 *                            {@link Long#MIN_VALUE} before the first
 */
public record LinkCounters(long requests, long validReplies, long garbledReplies, long silentAttempts,
        long lastValidReplyNanos) {

    public static final LinkCounters NONE = new LinkCounters(0, 0, 0, 0, Long.MIN_VALUE);

    /** Attempts beyond the first of each command. */
    public long retries() {
        return Math.max(0, requests - validReplies);
    }
}
