package org.dosewarden.sim;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.pump.LinkLostException;
import org.dosewarden.pump.Transport;

/**
 * The {@code sim:} transport: an in-process line to a {@link SimulatedDevice}, no serial port or socket.
 * A write hands the frame to the pump, which executes it at once; a read takes what the pump has sent.
 *
 * <p>Deadlines are monotonic nanoseconds of the pump's {@code TimeSource}; the channel using this transport
 * must run on the same time source. How a read waits for its deadline:
 * <ul>
 *   <li>{@link Waiting#ADVANCE_VIRTUAL_CLOCK} (the default on a {@link ManualTimeSource}): when the pump has
 *       nothing to say, the read moves the virtual clock forward itself, to the pump's next event or to the
 *       deadline, whichever is first. A driver timing out on a silent pump costs no real time, and a
 *       safe-mode watchdog expires while the driver waits, exactly as it would on a real line.</li>
 *   <li>{@link Waiting#REAL_TIME} (the default otherwise): the read polls about every millisecond until
 *       output arrives or the time source passes the deadline (real or accelerated time; with a manual clock
 *       someone else must advance it).</li>
 * </ul>
 *
 * <p>One owner thread reads and writes; {@link #close()} may come from any thread and unblocks a reader.
 */
public final class SimTransport implements Transport {

    /** How {@link #read} passes time while waiting. */
    public enum Waiting { ADVANCE_VIRTUAL_CLOCK, REAL_TIME }

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final SimulatedDevice pump;
    private final Waiting waiting;
    private final Semaphore wakeup = new Semaphore(0);
    private final Runnable listener = wakeup::release;
    private volatile boolean open;
    private byte[] leftover = new byte[0];
    private int leftoverAt;

    /** A transport to {@code pump}, waiting as its time source suggests (see the class comment). */
    public SimTransport(SimulatedDevice pump) {
        this(pump, pump.time() instanceof ManualTimeSource ? Waiting.ADVANCE_VIRTUAL_CLOCK : Waiting.REAL_TIME);
    }

    public SimTransport(SimulatedDevice pump, Waiting waiting) {
        this.pump = Objects.requireNonNull(pump, "pump");
        this.waiting = Objects.requireNonNull(waiting, "waiting");
        if (waiting == Waiting.ADVANCE_VIRTUAL_CLOCK && !(pump.time() instanceof ManualTimeSource)) {
            throw new IllegalArgumentException("sim:" + pump.name()
                    + ": advancing the clock needs a ManualTimeSource, the pump runs on " + pump.time());
        }
    }

    public SimulatedDevice pump() {
        return pump;
    }

    @Override
    public void open() throws IOException {
        if (open) {
            return;
        }
        pump.addOutputListener(listener);
        try {
            pump.attach(this);
        } catch (LinkLostException e) {
            pump.removeOutputListener(listener);
            throw e;
        }
        leftover = new byte[0];
        leftoverAt = 0;
        open = true;
    }

    @Override
    public boolean isOpen() {
        return open && pump.holdsLine(this);
    }

    @Override
    public void write(byte[] frame) throws IOException {
        ensureLive();
        pump.receive(frame, 0, frame.length);
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long deadlineNanos) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        while (true) {
            ensureLive();
            if (leftoverAt < leftover.length) {
                int n = Math.min(length, leftover.length - leftoverAt);
                System.arraycopy(leftover, leftoverAt, buffer, offset, n);
                leftoverAt += n;
                return n;
            }
            if (length == 0) {
                return 0;
            }
            byte[] got = pump.takeOutput();
            if (got.length > 0) {
                leftover = got;
                leftoverAt = 0;
                continue;
            }
            long now = pump.time().monotonicNanos();
            if (now >= deadlineNanos) {
                return 0;
            }
            if (waiting == Waiting.ADVANCE_VIRTUAL_CLOCK) {
                long target = Math.min(deadlineNanos, pump.nextEventNanos());
                if (target > now) {
                    ((ManualTimeSource) pump.time()).advance(Duration.ofNanos(target - now));
                }
            } else {
                try {
                    if (wakeup.tryAcquire(Math.min(POLL_NANOS, deadlineNanos - now), TimeUnit.NANOSECONDS)) {
                        wakeup.drainPermits();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LinkLostException("interrupted while reading " + describe(), e);
                }
            }
        }
    }

    private void ensureLive() throws LinkLostException {
        if (!open) {
            throw new LinkLostException(describe() + " is closed");
        }
        if (!pump.holdsLine(this)) {
            throw new LinkLostException(describe() + " lost its line (unplugged)");
        }
    }

    @Override
    public void close() {
        open = false;
        pump.detach(this);
        pump.removeOutputListener(listener);
        wakeup.release();
    }

    @Override
    public String describe() {
        return "sim:" + pump.name();
    }
}
