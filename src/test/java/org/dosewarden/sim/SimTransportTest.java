package org.dosewarden.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.LinkLostException;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.Transport;
import org.dosewarden.pump.newera.NeFrameDecoder;
import org.dosewarden.pump.newera.NeFrameEvent;
import org.dosewarden.pump.newera.NeFrames;
import org.dosewarden.pump.wiring.TransportFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The in-process {@code sim:} transport: the Transport contract, virtual-time waiting, link loss, URIs. */
class SimTransportTest {

    private static final long MS = 1_000_000L;

    /** Reads until one whole reply frame is decoded or the deadline passes; returns its payload. */
    private static Optional<String> readReply(SimTransport t, long deadline) throws IOException {
        NeFrameDecoder decoder = NeFrameDecoder.forReplies();
        byte[] buf = new byte[4];  // small on purpose: replies arrive over several reads
        while (true) {
            int n = t.read(buf, 0, buf.length, deadline);
            if (n == 0) {
                return Optional.empty();
            }
            decoder.feed(buf, 0, n);
            Optional<NeFrameEvent> e = decoder.next();
            if (e.isPresent()) {
                return Optional.of(((NeFrameEvent.Frame) e.get()).payload());
            }
        }
    }

    @Test
    @DisplayName("write a frame, read the reply in pieces; no virtual time passes for an immediate reply")
    void exchange() throws IOException {
        ManualTimeSource clock = new ManualTimeSource();
        try (SimTransport t = new SimTransport(SimulatedPump.create(clock))) {
            t.open();
            assertTrue(t.isOpen());
            t.write(NeFrames.basicRequest("0VER"));
            assertEquals(Optional.of("00A?R"), readReply(t, clock.monotonicNanos() + 500 * MS));
            t.write(NeFrames.basicRequest("0VER"));
            assertEquals(Optional.of("00SNE1000V3.928"), readReply(t, clock.monotonicNanos() + 500 * MS));
            assertEquals(0, clock.monotonicNanos());
            assertEquals("sim:default", t.describe());
        }
    }

    @Test
    @DisplayName("virtual clock: a read on a silent pump returns 0 exactly at the deadline, costing no real time")
    void timeoutOnVirtualClock() throws IOException {
        ManualTimeSource clock = new ManualTimeSource();
        SimulatedPump pump = SimulatedPump.create(clock);
        try (SimTransport t = new SimTransport(pump)) {
            t.open();
            pump.faults().silenceIndefinitely();
            t.write(NeFrames.basicRequest("0"));
            long before = System.nanoTime();
            assertEquals(0, t.read(new byte[16], 0, 16, 3_600_000 * MS));
            assertEquals(3_600_000 * MS, clock.monotonicNanos());
            assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(2));
        }
    }

    @Test
    @DisplayName("virtual clock: the safe-mode watchdog fires while the driver waits; A?T arrives at the expiry time")
    void watchdogWhileWaiting() throws IOException {
        ManualTimeSource clock = new ManualTimeSource();
        SimulatedPump pump = SimulatedPump.builder(clock).safeModeSeconds(3).powerUpAlarm(false).build();
        try (SimTransport t = new SimTransport(pump)) {
            t.open();
            t.write(NeFrames.safe("0RUN"));
            assertEquals(Optional.of("00I"), readReply(t, 500 * MS));
            assertEquals(Optional.of("00A?T"), readReply(t, 60_000 * MS));
            assertEquals(3_000 * MS, clock.monotonicNanos());
        }
    }

    @Test
    @DisplayName("reply latency passes on the virtual clock")
    void latency() throws IOException {
        ManualTimeSource clock = new ManualTimeSource();
        SimulatedPump pump = SimulatedPump.builder(clock).replyLatency(Duration.ofMillis(20)).build();
        try (SimTransport t = new SimTransport(pump)) {
            t.open();
            t.write(NeFrames.basicRequest("0"));
            assertEquals(Optional.empty(), readReply(t, 19 * MS), "not before 20 ms");
            assertEquals(Optional.of("00A?R"), readReply(t, 500 * MS));
            assertEquals(20 * MS, clock.monotonicNanos());
        }
    }

    @Test
    @DisplayName("real time: a read waits until the deadline; close() from another thread unblocks it")
    void realTime() throws Exception {
        TimeSource time = TimeSource.system();
        SimulatedPump pump = SimulatedPump.builder(time).powerUpAlarm(false).build();
        SimTransport t = new SimTransport(pump);
        t.open();
        t.write(NeFrames.basicRequest("0"));
        assertEquals(Optional.of("00S"), readReply(t, time.monotonicNanos() + 500 * MS));
        long start = time.monotonicNanos();
        assertEquals(0, t.read(new byte[8], 0, 8, start + 50 * MS));
        assertTrue(time.monotonicNanos() - start >= 50 * MS);

        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                t.read(new byte[8], 0, 8, time.monotonicNanos() + 60_000 * MS);
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        }, "sim-transport-test-reader");
        reader.start();
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reader.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < waitUntil) {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.TIMED_WAITING, reader.getState(), "the reader is blocked in read()");
        t.close();
        assertTrue(outcome.get(5, TimeUnit.SECONDS) instanceof LinkLostException);
        assertFalse(t.isOpen());
    }

    @Test
    @DisplayName("unplug: LinkLostException on read and write, reopen fails until plugged in")
    void unplug() throws IOException {
        ManualTimeSource clock = new ManualTimeSource();
        SimulatedPump pump = SimulatedPump.create(clock);
        SimTransport t = new SimTransport(pump);
        t.open();
        pump.faults().unplug();
        assertFalse(t.isOpen());
        assertThrows(LinkLostException.class, () -> t.write(NeFrames.basicRequest("0")));
        assertThrows(LinkLostException.class, () -> t.read(new byte[1], 0, 1, 1_000 * MS));
        t.close();
        LinkLostException e = assertThrows(LinkLostException.class, t::open);
        assertEquals("sim:default is unplugged (fault injection)", e.getMessage());
        pump.faults().plugIn();
        t.open();
        t.write(NeFrames.basicRequest("0"));
        assertEquals(Optional.of("00A?R"), readReply(t, clock.monotonicNanos() + 500 * MS));
        t.close();
    }

    @Test
    @DisplayName("one line: a second transport cannot open while the first holds it")
    void exclusive() throws IOException {
        SimulatedPump pump = SimulatedPump.create(new ManualTimeSource());
        try (SimTransport a = new SimTransport(pump); SimTransport b = new SimTransport(pump)) {
            a.open();
            assertEquals("sim:default is already open by another transport",
                    assertThrows(LinkLostException.class, b::open).getMessage());
            a.close();
            b.open();
            assertTrue(b.isOpen());
        }
    }

    @Test
    @DisplayName("a closed transport refuses I/O")
    void closed() {
        SimTransport t = new SimTransport(SimulatedPump.create(new ManualTimeSource()));
        assertThrows(LinkLostException.class, () -> t.write(new byte[] {'0', '\r'}));
    }

    @Test
    @DisplayName("TransportFactory.standard() makes sim: ports through the ServiceLoader provider, which owns the pumps")
    void factory() throws IOException {
        ManualTimeSource clock = new ManualTimeSource();
        TransportFactory transports = TransportFactory.standard();
        SimTransportProvider sims = (SimTransportProvider) transports.provider("sim").orElseThrow();
        SimulatedPump pump = sims.register(SimulatedPump.builder(clock).name("factory-test").build());
        try (Transport t = transports.create("sim:factory-test", SerialSettings.eightNoneOne(19200), clock)) {
            assertSame(pump, ((SimTransport) t).pump());
            t.open();
            t.write(NeFrames.basicRequest("0"));
            assertEquals(Optional.of("00A?R"), readReply((SimTransport) t, 500 * MS));
        }
        SimTransportProvider another = (SimTransportProvider) TransportFactory.standard().provider("sim").orElseThrow();
        assertTrue(another.find("factory-test").isEmpty(), "each factory has its own simulated pumps (nothing static)");
    }

    @Test
    @DisplayName("sim: URIs find the registered pump; bad URIs and a foreign clock are refused")
    void uris() throws IOException {
        ManualTimeSource clock = new ManualTimeSource();
        SerialSettings line = SerialSettings.eightNoneOne(19200);
        SimTransportProvider sims = new SimTransportProvider();
        SimulatedPump ward = sims.register(SimulatedPump.builder(clock).name("ward-3").build());
        try (SimTransport t = (SimTransport) sims.create("sim:ward-3", line, clock)) {
            assertSame(ward, t.pump());
            t.open();
            t.write(NeFrames.basicRequest("0"));
            assertEquals(Optional.of("00A?R"), readReply(t, 500 * MS));
        }
        assertEquals("default", SimTransportProvider.SimPort.parse("sim:").name());
        assertEquals("x", SimTransportProvider.SimPort.parse("sim://x").name());
        assertEquals("not a simulator port: '/dev/ttyUSB0' (expected sim: or sim:NAME)",
                assertThrows(IllegalArgumentException.class, () -> SimTransportProvider.SimPort.parse("/dev/ttyUSB0"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimTransportProvider.SimPort.parse("sim:a b"));
        assertEquals("unknown simulator option 'colour' in 'sim:x?colour=red'; known: power-up-alarm, family",
                assertThrows(IllegalArgumentException.class, () -> SimTransportProvider.SimPort.parse("sim:x?colour=red"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimTransportProvider.SimPort.parse("sim:x?power-up-alarm=no"));

        sims.register(SimulatedPump.builder(new ManualTimeSource()).name("other-clock").build());
        assertThrows(IllegalArgumentException.class, () -> sims.create("sim:other-clock", line, clock));
        SimTransport created = (SimTransport) sims.create("sim:fresh-one", line, clock);
        assertSame(clock, created.pump().time());
        assertSame(created.pump(), sims.find("fresh-one").orElseThrow());

        // An option applies when the pump is created: no power-up alarm, so the first status query is answered.
        try (SimTransport quiet = (SimTransport) sims.create("sim:quiet?power-up-alarm=off", line, clock)) {
            quiet.open();
            quiet.write(NeFrames.basicRequest("0"));
            assertEquals(Optional.of("00S"), readReply(quiet, clock.monotonicNanos() + 500 * MS));
        }
    }
}
