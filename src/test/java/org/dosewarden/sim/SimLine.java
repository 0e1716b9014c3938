package org.dosewarden.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.pump.newera.NeFrameDecoder;
import org.dosewarden.pump.newera.NeFrameEvent;
import org.dosewarden.pump.newera.NeFrames;
import org.dosewarden.pump.newera.NeFraming;

/**
 * Test fixture: a simulated pump on virtual time with the line held, spoken to in raw frames built and
 * decoded by the shared New Era codec (the same bytes a driver would send).
 */
final class SimLine {

    final ManualTimeSource clock = new ManualTimeSource();
    final SimulatedPump pump;
    private final NeFrameDecoder replies = NeFrameDecoder.forReplies();
    NeFraming lastFraming;

    SimLine() {
        this(b -> b);
    }

    SimLine(UnaryOperator<SimulatedPump.Builder> options) {
        pump = options.apply(SimulatedPump.builder(clock)).build();
        try {
            pump.attach(this);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A line whose power-up A?R has already been acknowledged. */
    static SimLine acknowledged() {
        return acknowledged(b -> b);
    }

    static SimLine acknowledged(UnaryOperator<SimulatedPump.Builder> options) {
        SimLine line = new SimLine(options);
        PumpSnapshot s = line.pump.snapshot();
        String address = String.valueOf(s.address());
        String first = s.safeMode() ? line.safe(address) : line.basic(address);
        if (!first.endsWith("A?R")) {
            throw new AssertionError("expected the power-up alarm, got " + first);
        }
        return line;
    }

    /** Sends {@code text + CR} and returns the payload of the one reply. */
    String basic(String text) {
        return exchange(NeFrames.basicRequest(text));
    }

    /** Sends {@code payload} as a safe packet and returns the payload of the one reply. */
    String safe(String payload) {
        return exchange(NeFrames.safe(payload));
    }

    String exchange(byte[] frame) {
        pump.receive(frame);
        List<NeFrameEvent> events = drain();
        if (events.size() != 1 || !(events.get(0) instanceof NeFrameEvent.Frame f)) {
            return fail("expected exactly one valid reply to " + NeFrames.printable(frame) + ", got " + events);
        }
        lastFraming = f.framing();
        return f.payload();
    }

    /** Sends bytes and asserts that nothing at all comes back. */
    void sendExpectingSilence(byte[] bytes) {
        pump.receive(bytes);
        assertEquals(List.of(), drain(), "no reply expected to " + NeFrames.printable(bytes));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Forgets a partial reply, as a host does after a quiet line (inter-byte timeout). */
    void forgetPartialReply() {
        replies.reset();
    }

    /** Everything the pump has sent so far, decoded. */
    List<NeFrameEvent> drain() {
        byte[] out = pump.takeOutput();
        replies.feed(out);
        List<NeFrameEvent> events = new ArrayList<>();
        for (Optional<NeFrameEvent> e = replies.next(); e.isPresent(); e = replies.next()) {
            events.add(e.get());
        }
        return events;
    }

    /** Payloads of the valid frames the pump sent by itself (unsolicited), asserting they were safe-framed. */
    List<String> unsolicited() {
        List<String> out = new ArrayList<>();
        for (NeFrameEvent e : drain()) {
            if (!(e instanceof NeFrameEvent.Frame f) || f.framing() != NeFraming.SAFE) {
                return fail("expected safe-framed unsolicited packets, got " + e);
            }
            out.add(f.payload());
        }
        return out;
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    /** The single-phase VTBI program of the profile: PHN1 FUNRAT RAT VOL DIR PHN2 FUNSTP PHN1. */
    void program(String rate, String volume, String dir) {
        for (String c : List.of("PHN1", "FUNRAT", "RAT" + rate, "VOL" + volume, "DIR" + dir, "PHN2", "FUNSTP", "PHN1")) {
            assertEquals("00S", basic("0" + c), c);
        }
    }
}
