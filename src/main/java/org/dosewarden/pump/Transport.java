package org.dosewarden.pump;

import java.io.IOException;

/**
 * A byte pipe to one pump line: a serial port, a TCP serial-device server or the in-process simulator.
 * One thread owns a transport (the channel thread); implementations need not be thread-safe except
 * {@link #close()}, which may be called from any thread to unblock a reader.
 *
 * <p>A lost link (device unplugged, socket closed, read or write returning -1) is reported by throwing
 * {@link LinkLostException}; the owner closes the transport and reopens it with backoff.
 */
public interface Transport extends AutoCloseable {

    /** Opens the link; throws {@link LinkLostException} (naming the port) when it cannot. */
    void open() throws IOException;

    boolean isOpen();

    /** Writes the whole frame in one go (New Era safe mode discards a packet with a gap over 0.5 s). */
    void write(byte[] frame) throws IOException;

    /**
     * Reads at most {@code length} bytes into {@code buffer}, waiting until at least one byte arrives or
     * the monotonic deadline {@code deadlineNanos} (same origin as the channel's TimeSource) passes.
     *
     * A deadline that has already passed makes this a non-blocking poll: it returns the bytes already
     * received, or 0 (drivers use this to parse stale bytes, such as unsolicited alarms, before sending).
     *
     * @return the number of bytes read, 0 when the deadline passed first
     * @throws LinkLostException when the link is gone
     */
    int read(byte[] buffer, int offset, int length, long deadlineNanos) throws IOException;

    /** Discards nothing; closes the link. Idempotent, callable from any thread. */
    @Override
    void close();

    /** Human-readable name for logs and errors, e.g. "/dev/ttyUSB0" or "tcp://127.0.0.1:4001". */
    String describe();
}
