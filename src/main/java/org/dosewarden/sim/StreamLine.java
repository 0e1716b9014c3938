package org.dosewarden.sim;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dosewarden.pump.LinkLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one {@link SimulatedDevice} on a byte stream (a socket, a serial port's streams, a pipe): a receiver
 * thread feeds the pump whatever arrives, a sender thread writes what the pump sends and ticks it about every
 * {@value #TICK_MILLIS} ms of real time so unsolicited safe-mode alarms go out on time. The line ends when the
 * input reaches end of stream, an I/O error occurs, the pump is unplugged (fault injection) or {@link #close()}
 * is called; the streams and {@code resource} are then closed.
 */
public final class StreamLine implements AutoCloseable {

    static final int TICK_MILLIS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(StreamLine.class);

    private final SimulatedDevice pump;
    private final InputStream in;
    private final OutputStream out;
    private final Closeable resource;
    private final String peer;
    private final Semaphore wakeup = new Semaphore(0);
    private final Runnable listener = wakeup::release;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Set by {@link #end} once the pump has let go of the line, before its streams are closed. */
    private volatile boolean closed;
    private final CountDownLatch done = new CountDownLatch(2);

    private StreamLine(SimulatedDevice pump, InputStream in, OutputStream out, Closeable resource, String peer) {
        this.pump = pump;
        this.in = in;
        this.out = out;
        this.resource = resource;
        this.peer = peer;
    }

    /**
     * Takes the pump's line and starts serving it.
     *
     * @param resource closed when the line ends (e.g. the socket), may be the streams themselves
     * @param peer     who is on the other end, for logs
     * @throws LinkLostException when the pump is unplugged or its line is held by someone else
     */
    public static StreamLine start(SimulatedDevice pump, InputStream in, OutputStream out, Closeable resource,
                                   String peer) throws LinkLostException {
        StreamLine line = new StreamLine(Objects.requireNonNull(pump), in, out, resource, peer);
        pump.addOutputListener(line.listener);
        try {
            pump.attach(line);
        } catch (LinkLostException e) {
            pump.removeOutputListener(line.listener);
            throw e;
        }
        Thread.ofPlatform().daemon().name("pump-sim-rx-" + pump.name()).start(line::receiveLoop);
        Thread.ofPlatform().daemon().name("pump-sim-tx-" + pump.name()).start(line::sendLoop);
        LOG.info("sim:{} line open to {}", pump.name(), peer);
        return line;
    }

    private void receiveLoop() {
        byte[] buf = new byte[512];
        try {
            while (!ended.get()) {
                int n = in.read(buf);
                if (n < 0) {
                    end("the peer closed the line");
                    return;
                }
                pump.receive(buf, 0, n);
            }
        } catch (IOException e) {
            end("receive failed: " + e.getMessage());
        } catch (Throwable t) {
            LOG.error("sim:{} receiver crashed", pump.name(), t);
            end("receiver crashed: " + t);
        } finally {
            done.countDown();
        }
    }

    private void sendLoop() {
        try {
            while (!ended.get()) {
                if (!pump.holdsLine(this)) {
                    end("the pump was unplugged");
                    return;
                }
                byte[] bytes = pump.takeOutput();
                if (bytes.length > 0) {
                    out.write(bytes);
                    out.flush();
                }
                if (wakeup.tryAcquire(TICK_MILLIS, TimeUnit.MILLISECONDS)) {
                    wakeup.drainPermits();
                }
            }
        } catch (IOException e) {
            end("send failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end("interrupted");
        } catch (Throwable t) {
            LOG.error("sim:{} sender crashed", pump.name(), t);
            end("sender crashed: " + t);
        } finally {
            done.countDown();
        }
    }

    private void end(String why) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        LOG.info("sim:{} line to {} closed: {}", pump.name(), peer, why);
        pump.detach(this);
        pump.removeOutputListener(listener);
        closed = true;   // after the pump let go, before the streams close: whoever sees either sees it closed
        wakeup.release();
        closeQuietly(in);
        closeQuietly(out);
        closeQuietly(resource);
    }

    private static void closeQuietly(Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // closing a line that is already gone
        }
    }

    /**
     * True until the line has ended for any reason: once false, the pump no longer holds the line, and once its peer
     * sees the streams closed, this is false ({@code ended} alone is claimed before the pump lets go).
     */
    public boolean isOpen() {
        return !closed;
    }

    /** Waits up to {@code millis} real ms for both threads to finish after the line ended. */
    public boolean awaitEnd(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        end("closed by the simulator");
    }
}
