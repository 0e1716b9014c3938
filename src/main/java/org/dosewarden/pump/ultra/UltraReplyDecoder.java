package org.dosewarden.pump.ultra;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.dosewarden.pump.line.PumpExchange;

/**
 * Incremental decoder of what an Ultra pump in poll mode sends: each reply ends in XON. Feed whatever the
 * transport delivered, then take events with {@link #next()} until it is empty. It never throws on input: the
 * bytes up to an XON are either a reply or {@link UltraReplyEvent.Garbled}, so a damaged reply is known to be
 * over as soon as its XON arrives and can be asked for again at once (SR-D7). A candidate that grows past
 * {@link #MAX_PENDING} bytes without an XON is garbled too.
 *
 * <p>A pump not (yet) in poll mode ends its reply at the prompt, with nothing after it; {@link #unterminated()}
 * reads such a reply once the line has gone quiet.
 *
 * <p>Not thread-safe: one owner feeds and drains it.
 */
public final class UltraReplyDecoder implements PumpExchange.Decoder<UltraReplyEvent> {

    /** Longest reply accepted without an XON. */
    public static final int MAX_PENDING = 2048;

    private final StringBuilder pending = new StringBuilder();
    private long discarded;

    /** Appends bytes received from the line. */
    public void feed(byte[] data, int offset, int length) {
        pending.append(new String(data, offset, length, StandardCharsets.ISO_8859_1));
    }

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    /** The next reply or garbled candidate, or empty when more bytes are needed. */
    public Optional<UltraReplyEvent> next() {
        int xon = pending.indexOf(String.valueOf((char) UltraReply.XON));
        if (xon < 0) {
            if (pending.length() > MAX_PENDING) {
                String seen = pending.toString();
                discarded += seen.length();
                pending.setLength(0);
                return Optional.of(new UltraReplyEvent.Garbled("more than " + MAX_PENDING + " bytes without XON",
                        UltraReply.printable(seen)));
            }
            return Optional.empty();
        }
        String candidate = pending.substring(0, xon);
        pending.delete(0, xon + 1);
        try {
            return Optional.of(new UltraReplyEvent.Reply(UltraReply.parse(candidate)));
        } catch (UltraFormatException e) {
            discarded += candidate.length() + 1;
            return Optional.of(new UltraReplyEvent.Garbled(e.getMessage(), UltraReply.printable(candidate)));
        }
    }

    /**
     * The pending bytes read as a reply that needs no XON (a pump not in poll mode), if from their first line feed
     * on they are exactly one reply (bytes before it are dropped); they are consumed when they are.
     */
    public Optional<UltraReply> unterminated() {
        int lf = pending.indexOf("\n");
        if (lf < 0) {
            return Optional.empty();
        }
        try {
            UltraReply reply = UltraReply.parse(pending.substring(lf));
            discarded += lf;
            pending.setLength(0);
            return Optional.of(reply);
        } catch (UltraFormatException e) {
            return Optional.empty();
        }
    }

    /** Bytes received and not yet part of an event. */
    public int pending() {
        return pending.length();
    }

    /** Drops a partial reply (stale bytes before a new command). */
    public void discardPartial() {
        discarded += pending.length();
        pending.setLength(0);
    }

    /** Bytes dropped as garbled or stale since creation. */
    public long discarded() {
        return discarded;
    }
}
