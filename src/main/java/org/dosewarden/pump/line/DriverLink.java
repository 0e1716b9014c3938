package org.dosewarden.pump.line;

import java.io.IOException;
import java.time.Duration;
import org.dosewarden.clock.Backoff;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.LinkLostException;
import org.dosewarden.pump.LinkState;
import org.dosewarden.pump.PumpLinkLostException;
import org.dosewarden.pump.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link under a pump driver, whatever its family: the transport, the driver's view of its state and the
 * reconnect backoff. Every I/O failure becomes a {@link PumpLinkLostException} here, after the transport is closed
 * and the next attempt scheduled: the first reconnect waits {@code backoffInitial}, each failure doubles it up to
 * {@code backoffMax}. Re-syncing after an open is the driver's business (its exchange engine).
 *
 * <p>One owner thread; only {@link #close()} and {@link #state()} may be called from elsewhere.
 */
public final class DriverLink {

    private static final Logger LOG = LoggerFactory.getLogger(DriverLink.class);

    private final Transport transport;
    private final String pumpName;
    private final Backoff backoff;
    private volatile LinkState state = LinkState.DISCONNECTED;

    /**
     * @param pumpName       how messages name the pump, e.g. "New Era pump 3"
     * @param backoffInitial first wait before reconnecting after a failure
     * @param backoffMax     longest wait
     */
    public DriverLink(Transport transport, TimeSource time, String pumpName, Duration backoffInitial,
            Duration backoffMax) {
        if (backoffInitial.isNegative() || backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max: " + backoffInitial + ", "
                    + backoffMax);
        }
        this.transport = transport;
        this.pumpName = pumpName;
        // The one reconnect backoff of the daemon (the MQTT link uses it too); exact, without jitter: one pump per
        // line, nothing to spread out.
        this.backoff = Backoff.doubling(time, backoffInitial, backoffMax);
    }

    /** "New Era pump 3 on /dev/ttyUSB0", for messages. */
    public String describe() {
        return pumpName + " on " + transport.describe();
    }

    public LinkState state() {
        return state;
    }

    /** True when the pump answered since the transport was last opened and the transport is still open. */
    public boolean isUp() {
        return state == LinkState.CONNECTED && transport.isOpen();
    }

    /** Throws while the backoff after the last failure runs; a first attempt is always allowed. */
    public void checkBackoff(String command) throws PumpLinkLostException {
        if (!backoff.due()) {
            throw new PumpLinkLostException(command, "link to " + describe() + " is down; next reconnect attempt in "
                    + backoff.remaining().toMillis() + " ms", null);
        }
    }

    /** Opens the transport; the link is CONNECTING until {@link #synced()} or {@link #syncFailed()}. */
    public void open(String command) throws PumpLinkLostException {
        state = LinkState.CONNECTING;
        try {
            transport.open();
        } catch (IOException e) {
            throw lost(command, e);
        }
    }

    /** The pump answered after an open: the link is up and the backoff starts again from its first value. */
    public void synced() {
        state = LinkState.CONNECTED;
        backoff.succeeded();
    }

    /** The pump did not answer after an open: close, and wait out the backoff before the next attempt. */
    public void syncFailed() {
        state = LinkState.DISCONNECTED;
        backoff.failed();
        transport.close();
    }

    public void write(byte[] frame, String command) throws PumpLinkLostException {
        try {
            transport.write(frame);
        } catch (IOException e) {
            throw lost(command, e);
        }
    }

    /** See {@link Transport#read}; a deadline already past makes it a non-blocking poll. */
    public int read(byte[] buffer, long deadlineNanos, String command) throws PumpLinkLostException {
        try {
            return transport.read(buffer, 0, buffer.length, deadlineNanos);
        } catch (IOException e) {
            throw lost(command, e);
        }
    }

    private PumpLinkLostException lost(String command, IOException e) {
        transport.close();
        state = LinkState.DISCONNECTED;
        Duration wait = backoff.failed();
        String why = e instanceof LinkLostException ? e.getMessage() : e.toString();
        LOG.warn("{}: link lost: {}; reconnecting in {} ms", describe(), why, wait.toMillis());
        return new PumpLinkLostException(command, "link to " + describe() + " lost" + (command.isEmpty() ? "" : " during '"
                + command + "'") + ": " + why, e);
    }

    /** Closes the transport. Idempotent; callable from any thread. */
    public void close() {
        transport.close();
        state = LinkState.DISCONNECTED;
    }
}
