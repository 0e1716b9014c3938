package org.dosewarden.pump.ultra;

/** What an {@link UltraReplyDecoder} found: a whole reply, or bytes up to an XON that are not one. */
public sealed interface UltraReplyEvent {

    /** A complete reply that fits the grammar. */
    record Reply(UltraReply reply) implements UltraReplyEvent {}

    /**
     * Bytes up to an XON (or too many without one) that do not make a reply: damaged on the line.
     *
     * @param reason what did not fit
     * @param seen   the bytes, printable
     */
    record Garbled(String reason, String seen) implements UltraReplyEvent {}
}
