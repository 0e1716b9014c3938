package org.dosewarden.sim;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dosewarden.pump.LinkLostException;

/**
 * The serial line of a simulated pump, family-neutral: who holds it, what the pump has sent and when it falls due,
 * and the faults that act on the line rather than on the pump: a dead line (silence), muted replies, garbled reply
 * frames, line noise on every byte in both directions, a pulled cable. It counts what crossed it.
 *
 * <p>Not thread-safe: the {@link SimulatedDevice} that owns it serialises every call.
 */
final class SimulatedLine {

    /** One frame the pump sent, due at {@code dueNanos}. */
    private record Pending(long dueNanos, byte[] bytes) {}

    private final String name;
    private final long replyLatencyNanos;
    private final Random random;
    private final ArrayDeque<Pending> output = new ArrayDeque<>();
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

    private Object owner;
    private boolean unplugged;
    private long deafUntil = Long.MIN_VALUE;
    private long muteUntil = Long.MIN_VALUE;
    private int garblePercent;
    private Garbling garbling = Garbling.FLIP_BIT;
    /** Line noise: each byte is damaged with this probability, in parts per million. */
    private int noisePpm;

    private long bytesFromHost;
    private long bytesToHost;
    private long damagedFromHost;
    private long damagedToHost;
    private long framesSent;

    SimulatedLine(String name, long replyLatencyNanos, long seed) {
        this.name = name;
        this.replyLatencyNanos = replyLatencyNanos;
        this.random = new Random(seed);
    }

    // =====================================================================================  holding the line

    /** Takes the line, as opening the serial port does; only one holder at a time. */
    void attach(Object newOwner) throws LinkLostException {
        if (unplugged) {
            throw new LinkLostException("sim:" + name + " is unplugged (fault injection)");
        }
        if (owner != null && owner != newOwner) {
            throw new LinkLostException("sim:" + name + " is already open by another transport");
        }
        owner = newOwner;
        output.clear();  // what the pump sent while nobody listened is gone
    }

    /** True when {@code oldOwner} held the line and let it go. */
    boolean detach(Object oldOwner) {
        if (owner != oldOwner) {
            return false;
        }
        owner = null;
        output.clear();
        return true;
    }

    boolean holdsLine(Object who) {
        return owner == who && !unplugged;
    }

    boolean held() {
        return owner != null && !unplugged;
    }

    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    void notifyListeners() {
        for (Runnable r : listeners) {
            r.run();
        }
    }

    void unplug() {
        unplugged = true;
        owner = null;
        output.clear();
        notifyListeners();
    }

    void plugIn() {
        unplugged = false;
    }

    boolean pluggedIn() {
        return !unplugged;
    }

    // =====================================================================================  bytes

    /**
     * Bytes from the host as the pump hears them now: none when nobody holds the line or it is dead; else each byte
     * as line noise left it.
     *
     * @return the bytes heard, or {@code null} when none are
     */
    byte[] fromHost(byte[] data, int offset, int length, long now) {
        if (owner == null || unplugged || now < deafUntil || length == 0) {
            return null;
        }
        byte[] heard = new byte[length];
        System.arraycopy(data, offset, heard, 0, length);
        bytesFromHost += length;
        damagedFromHost += addNoise(heard);
        return heard;
    }

    /**
     * The pump sends {@code frame} now (reply or unsolicited); it falls due after the reply latency. Nothing goes out
     * while nobody holds the line, while it is dead or muted, or while the pump is off.
     */
    void emit(long now, byte[] frame, boolean powered) {
        if (owner == null || unplugged || !powered || now < deafUntil || now < muteUntil) {
            return;
        }
        byte[] sent = garble(frame);
        damagedToHost += addNoise(sent);
        bytesToHost += sent.length;
        framesSent++;
        output.addLast(new Pending(now + replyLatencyNanos, sent));
        notifyListeners();
    }

    /** Everything sent that is due by {@code now}, in order. */
    byte[] takeOutput(long now) {
        int size = 0;
        for (Pending p : output) {
            if (p.dueNanos > now) {
                break;
            }
            size += p.bytes.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        while (!output.isEmpty() && output.peekFirst().dueNanos <= now) {
            byte[] b = output.pollFirst().bytes;
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        return out;
    }

    /** When the next queued frame falls due, or {@link Long#MAX_VALUE}. */
    long nextOutputNanos() {
        return output.isEmpty() ? Long.MAX_VALUE : output.peekFirst().dueNanos;
    }

    /** Nothing is waiting to go out. */
    boolean outputEmpty() {
        return output.isEmpty();
    }

    void clearOutput() {
        output.clear();
    }

    private int addNoise(byte[] bytes) {
        if (noisePpm == 0) {
            return 0;
        }
        int damaged = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (random.nextInt(1_000_000) < noisePpm) {
                bytes[i] ^= (byte) (1 << random.nextInt(8));
                damaged++;
            }
        }
        return damaged;
    }

    private byte[] garble(byte[] frame) {
        if (garblePercent == 0 || random.nextInt(100) >= garblePercent) {
            return frame.clone();
        }
        Garbling how = garbling == Garbling.FLIP_OR_DROP
                ? (random.nextBoolean() ? Garbling.FLIP_BIT : Garbling.DROP_BYTE) : garbling;
        int at = random.nextInt(frame.length);
        if (how == Garbling.FLIP_BIT) {
            byte[] copy = frame.clone();
            copy[at] ^= (byte) (1 << random.nextInt(8));
            return copy;
        }
        byte[] shorter = new byte[frame.length - 1];
        System.arraycopy(frame, 0, shorter, 0, at);
        System.arraycopy(frame, at + 1, shorter, at, frame.length - at - 1);
        return shorter;
    }

    // =====================================================================================  faults on the line

    void deafUntil(long nanos) {
        deafUntil = nanos;
        output.clear();
    }

    void muteUntil(long nanos) {
        muteUntil = nanos;
        output.clear();
    }

    void endSilence() {
        deafUntil = Long.MIN_VALUE;
        muteUntil = Long.MIN_VALUE;
    }

    boolean deaf(long now) {
        return now < deafUntil;
    }

    boolean silent(long now) {
        return now < deafUntil || now < muteUntil;
    }

    void garble(int percent, Garbling how) {
        garblePercent = percent;
        garbling = how;
    }

    int garblePercent() {
        return garblePercent;
    }

    Garbling garbling() {
        return garbling;
    }

    /** Line noise: each byte in either direction is damaged (one bit flipped) with probability {@code percent} %. */
    void noise(BigDecimal percent) {
        noisePpm = percent.movePointRight(4).intValueExact();
    }

    BigDecimal noisePercent() {
        return BigDecimal.valueOf(noisePpm).movePointLeft(4).stripTrailingZeros();
    }

    LineStatistics statistics() {
        return new LineStatistics(bytesFromHost, bytesToHost, damagedFromHost, damagedToHost, framesSent);
    }
}
