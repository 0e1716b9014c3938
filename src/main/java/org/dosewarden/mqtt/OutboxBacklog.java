package org.dosewarden.mqtt;

/**
 * How far the broker is behind the journal, for a device health document: a backlog that grows while the
 * device is {@code online} means the relay is stuck.
 *
 * @param journalSeq  the newest journal sequence
 * @param relayedUpTo the relay's cursor: every record up to it was acknowledged by the broker or needs no
 *                    publishing (it may be ahead of the durably stored cursor by one commit delay)
 */
public record OutboxBacklog(long journalSeq, long relayedUpTo) {

    public OutboxBacklog {
        if (relayedUpTo < 0 || journalSeq < relayedUpTo) {
            throw new IllegalArgumentException("relayed up to " + relayedUpTo + " of journal seq " + journalSeq);
        }
    }

    /** Journal records not yet relayed or passed over. */
    public long pending() {
        return journalSeq - relayedUpTo;
    }
}
