package org.dosewarden.pump.newera;

import java.io.IOException;
import java.time.Duration;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.LinkLostException;
import org.dosewarden.pump.LinkState;
import org.dosewarden.pump.PumpLinkLostException;
import org.dosewarden.pump.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link under a {@link NeDriver}: the transport, the driver's view of its state and the reconnect backoff.
 * Every I/O failure becomes a {@link PumpLinkLostException} here, after the transport is closed and the next
 * attempt scheduled: the first reconnect waits {@code backoffInitial}, each failure doubles it up to
 * {@code backoffMax}. Re-syncing after an open is the exchange's business ({@link NeDriverExchange#connect}).
 *
 * <p>One owner thread; only {@link #close()} and {@link #state()} may be called from elsewhere.
 */
final class NeDriverLink {

    private static final Logger LOG = LoggerFactory.getLogger(NeDriverLink.class);

    private final Transport transport;
    private final TimeSource time;
    private final NeDriverSettings settings;
    private volatile LinkState state = LinkState.DISCONNECTED;
    private long nextConnectNanos;
    private boolean connectAttempted;
    private Duration backoff;

    NeDriverLink(Transport transport, TimeSource time, NeDriverSettings settings) {
        this.transport = transport;
        this.time = time;
        this.settings = settings;
        this.backoff = settings.backoffInitial();
    }

    /** "New Era pump 3 on /dev/ttyUSB0", for messages. */
    String describe() {
        return "New Era pump " + settings.address() + " on " + transport.describe();
    }

    LinkState state() {
        return state;
    }

    /** True when the pump answered since the transport was last opened and the transport is still open. */
    boolean isUp() {
        return state == LinkState.CONNECTED && transport.isOpen();
    }

    /** Throws while the backoff after the last failure runs; a first attempt is always allowed. */
    void checkBackoff(String command) throws PumpLinkLostException {
        long now = time.monotonicNanos();
        if (connectAttempted && now - nextConnectNanos < 0) {
            throw new PumpLinkLostException(command, "link to " + describe() + " is down; next reconnect attempt in "
                    + Duration.ofNanos(nextConnectNanos - now).toMillis() + " ms", null);
        }
    }

    /** Opens the transport; the link is CONNECTING until {@link #synced()} or {@link #syncFailed()}. */
    void open(String command) throws PumpLinkLostException {
        connectAttempted = true;
        state = LinkState.CONNECTING;
        try {
            transport.open();
        } catch (IOException e) {
            throw lost(command, e);
        }
    }

    /** The pump answered after an open: the link is up and the backoff starts again from its first value. */
    void synced() {
        state = LinkState.CONNECTED;
        backoff = settings.backoffInitial();
    }

    /** The pump did not answer after an open: close, and wait out the backoff before the next attempt. */
    void syncFailed() {
        state = LinkState.DISCONNECTED;
        scheduleReconnect();
        transport.close();
    }

    void write(byte[] frame, String command) throws PumpLinkLostException {
        try {
            transport.write(frame);
        } catch (IOException e) {
            throw lost(command, e);
        }
    }

    /** See {@link Transport#read}; a deadline already past makes it a non-blocking poll. */
    int read(byte[] buffer, long deadlineNanos, String command) throws PumpLinkLostException {
        try {
            return transport.read(buffer, 0, buffer.length, deadlineNanos);
        } catch (IOException e) {
            throw lost(command, e);
        }
    }

    private PumpLinkLostException lost(String command, IOException e) {
        transport.close();
        state = LinkState.DISCONNECTED;
        scheduleReconnect();
        String why = e instanceof LinkLostException ? e.getMessage() : e.toString();
        LOG.warn("{}: link lost: {}; reconnecting in {} ms", describe(), why,
                Duration.ofNanos(nextConnectNanos - time.monotonicNanos()).toMillis());
        return new PumpLinkLostException(command, "link to " + describe() + " lost" + (command.isEmpty() ? "" : " during '"
                + command + "'") + ": " + why, e);
    }

    private void scheduleReconnect() {
        nextConnectNanos = time.monotonicNanos() + backoff.toNanos();
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(settings.backoffMax()) > 0 ? settings.backoffMax() : doubled;
        if (backoff.isZero()) {
            backoff = settings.backoffMax();
        }
    }

    /** Closes the transport. Idempotent; callable from any thread. */
    void close() {
        transport.close();
        state = LinkState.DISCONNECTED;
    }
}
