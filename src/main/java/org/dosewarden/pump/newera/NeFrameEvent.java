package org.dosewarden.pump.newera;

/** What a {@link NeFrameDecoder} found in the byte stream: a whole valid frame, or a frame that failed. */
public sealed interface NeFrameEvent {

    /**
     * A complete, valid frame.
     *
     * @param framing how it was framed (a safe frame passed its length, CRC and ETX checks)
     * @param payload the bytes between the framing, as ISO-8859-1 text (for a basic request: the raw line)
     */
    record Frame(NeFraming framing, String payload) implements NeFrameEvent {}

    /**
     * Something that started like a frame but failed a check (CRC mismatch, missing ETX, bad byte, too long).
     * In safe mode this is the host-side equivalent of the pump's {@code ?COM}.
     *
     * @param framing the framing it was parsed as
     * @param reason  what was wrong, for logs and error messages
     * @param seen    the offending bytes, rendered printable
     */
    record Corrupt(NeFraming framing, String reason, String seen) implements NeFrameEvent {}
}
