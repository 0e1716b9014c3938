package org.dosewarden.pump.line;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.LinkCounters;
import org.dosewarden.pump.PumpAlarmEvent;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.PumpProtocolException;

/**
 * What every family's exchange engine does the same way below its protocol: one command at a time over a
 * {@link DriverLink}, bytes fed to the family's reply decoder, alarms seen on the wire kept until the driver takes
 * them, the link counters, reconnecting when the backoff allows, and reading a query's data. How a command reaches a
 * believed reply (framing, checksums, retries, which replies are noise) is the family's subclass.
 *
 * <p>One owner thread (the driver's); {@link #counters()} may be read from anywhere.
 *
 * @param <E> what the family's decoder yields: a frame or a damaged one
 */
public abstract class PumpExchange<E> {

    /** A family's reply decoder: bytes in, events out. */
    public interface Decoder<E> {
        void feed(byte[] data, int offset, int length);

        /** The next complete event, or empty until more bytes arrive. */
        Optional<E> next();
    }

    /** Reads a query answer; {@link WireFormatException} when it does not follow the grammar. */
    @FunctionalInterface
    public interface DataParser<T> {
        T parse(String data) throws WireFormatException;
    }

    protected final DriverLink link;
    protected final TimeSource time;
    protected final LinkStatistics statistics = new LinkStatistics();
    private final Decoder<E> decoder;
    private final byte[] readBuffer = new byte[512];
    private final ArrayDeque<PumpAlarmEvent> alarms = new ArrayDeque<>();

    protected PumpExchange(DriverLink link, TimeSource time, Decoder<E> decoder) {
        this.link = link;
        this.time = time;
        this.decoder = decoder;
    }

    /** Opens the link and sets the pump up to talk (the family's sync), whatever state the link was in. */
    public abstract void connect(String command) throws PumpException;

    /** Reconnects (when the backoff allows) unless the link is up. */
    public final void ensureConnected(String command) throws PumpException {
        if (link.isUp()) {
            return;
        }
        link.checkBackoff(command);
        connect(command);
    }

    public final LinkCounters counters() {
        return statistics.snapshot();
    }

    // --- alarms ------------------------------------------------------------------------------------

    /** Alarms seen on the wire and not yet taken, oldest first. */
    public final List<PumpAlarmEvent> pendingAlarms() {
        return List.copyOf(alarms);
    }

    public final Optional<PumpAlarmEvent> firstPendingAlarm() {
        return Optional.ofNullable(alarms.peekFirst());
    }

    public final List<PumpAlarmEvent> takeAlarms() {
        List<PumpAlarmEvent> taken = new ArrayList<>(alarms);
        alarms.clear();
        return taken;
    }

    protected final void keepAlarm(PumpAlarmEvent event) {
        alarms.add(event);
    }

    // --- the line ----------------------------------------------------------------------------------

    /** One attempt goes out: counted, then written. */
    protected final void send(byte[] bytes, String command) throws PumpException {
        statistics.request();
        link.write(bytes, command);
    }

    /** Feeds the decoder whatever has already arrived, without waiting. */
    protected final void readArrived(String command) throws PumpException {
        long now = time.monotonicNanos();
        while (true) {
            int n = link.read(readBuffer, now, command);
            if (n <= 0) {
                return;
            }
            decoder.feed(readBuffer, 0, n);
        }
    }

    /** Waits for more bytes until {@code deadlineNanos} (monotonic) and feeds them to the decoder. */
    protected final void readMore(long deadlineNanos, String command) throws PumpException {
        int n = link.read(readBuffer, deadlineNanos, command);
        if (n > 0) {
            decoder.feed(readBuffer, 0, n);
        }
    }

    /** The next event from what has been read, or empty. */
    protected final Optional<E> nextEvent() {
        return decoder.next();
    }

    // --- replies -----------------------------------------------------------------------------------

    /** Parses a query answer; unreadable data is a {@link PumpProtocolException} naming the command. */
    public final <T> T parseData(String command, String data, DataParser<T> parser) throws PumpProtocolException {
        try {
            return parser.parse(data);
        } catch (WireFormatException e) {
            throw new PumpProtocolException(command, link.describe() + " answered '" + command + "' with unreadable data: "
                    + e.getMessage());
        }
    }
}
