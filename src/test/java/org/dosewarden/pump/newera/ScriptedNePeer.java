package org.dosewarden.pump.newera;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.LinkLostException;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.link.SerialTransport;

/**
 * A small scripted stand-in for a New Era pump on the far end of a pty, for driver tests that need
 * faults at exact points (the faithful simulator lives in {@code org.dosewarden.sim}). It keeps just
 * enough state (mode, diameter, rate, volume, direction, totals, safe mode, a latched alarm) and answers
 * with the production codec. Faults are queued and consumed one per reply.
 */
final class ScriptedNePeer implements AutoCloseable {

    /** What to do instead of a normal reply, once. */
    enum Fault {
        /** Execute the command but send no reply (the reply was lost on the wire). */
        DROP_REPLY,
        /** Neither execute nor reply (the request was lost). */
        IGNORE_REQUEST,
        /** Execute and reply with one bit flipped (safe: CRC mismatch; basic: garbled). */
        CORRUPT_REPLY,
        /** Do not execute; answer ?COM. */
        BAD_PACKET,
        /** Execute; first send a reply from another address, then the real one. */
        OTHER_ADDRESS_FIRST,
    }

    private final SerialTransport link;
    private final TimeSource time = TimeSource.system();
    private final NeFrameDecoder decoder = NeFrameDecoder.forRequests();
    private final Thread thread;
    private volatile boolean running = true;

    // pump state, guarded by this
    private final int address;
    private NeFraming mode = NeFraming.BASIC;
    private NeStatus status = NeStatus.STOPPED;
    private BigDecimal diameter = new BigDecimal("26.59");
    private NeRate rate = new NeRate(new BigDecimal("1"), NeRateUnit.MH);
    private NeVolume volume = new NeVolume(BigDecimal.ZERO, NeVolumeUnit.ML);
    private String direction = "INF";
    private NeDispensed dispensed = new NeDispensed(BigDecimal.ZERO, BigDecimal.ZERO, NeVolumeUnit.ML);
    private int safSeconds;
    private int phase = 1;
    private final String[] functions = {"", "RAT", "RAT", "RAT"}; // a leftover program: phase 2 would keep pumping
    private NeAlarm latched;
    private BigDecimal rateFactor = BigDecimal.ONE;
    private boolean runsToVolumeAtOnce;
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final java.util.Map<String, Deque<Fault>> faultsFor = new java.util.HashMap<>();
    private final java.util.Map<String, NeAlarm> latchOn = new java.util.HashMap<>();
    private final List<String> received = new ArrayList<>();

    ScriptedNePeer(Path pty, int address) throws IOException {
        this.address = address;
        this.link = new SerialTransport(pty.toString(), SerialSettings.eightNoneOne(19200), time);
        link.open();
        thread = new Thread(this::serve, "scripted-ne-peer");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void queue(Fault... f) {
        faults.addAll(List.of(f));
    }

    synchronized void latch(NeAlarm alarm) {
        latched = alarm;
    }

    /** Faults for the next requests of {@code command} only (its name, no arguments), before any in {@link #queue}. */
    synchronized void queueFor(String command, Fault... f) {
        faultsFor.computeIfAbsent(command, c -> new ArrayDeque<>()).addAll(List.of(f));
    }

    /** Latches {@code alarm} when {@code command} next arrives, so that its reply is the alarm. */
    synchronized void latchOn(String command, NeAlarm alarm) {
        latchOn.put(command, alarm);
    }

    synchronized void startInSafeMode(int seconds) {
        mode = NeFraming.SAFE;
        safSeconds = seconds;
    }

    synchronized void setRateFactor(String factor) {
        rateFactor = new BigDecimal(factor);
    }

    /**
     * Whether {@code RUN} (infusing) dispenses the whole volume at once and stops: the pump as a driver sees it that
     * is held up for longer than a small program takes.
     */
    synchronized void runsToVolumeAtOnce(boolean atOnce) {
        runsToVolumeAtOnce = atOnce;
    }

    synchronized NeDispensed dispensed() {
        return dispensed;
    }

    synchronized void setDispensed(NeDispensed d) {
        dispensed = d;
    }

    synchronized NeStatus status() {
        return status;
    }

    /** Sends an unsolicited alarm packet now (safe mode) and latches it, as the pump does. */
    synchronized void sendUnsolicited(NeAlarm alarm) throws IOException {
        latched = alarm;
        link.write(NeFrames.reply(mode, new NeReply.Alarm(address, alarm).payload()));
    }

    /** Every request payload received, in order (normalised, address included). */
    synchronized List<String> received() {
        return List.copyOf(received);
    }

    synchronized long count(String commandWithArgs) {
        String wanted = address + commandWithArgs;
        return received.stream().filter(wanted::equals).count();
    }

    @Override
    public void close() {
        running = false;
        link.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve() {
        byte[] buf = new byte[256];
        while (running) {
            try {
                int n = link.read(buf, 0, buf.length, time.monotonicNanos() + 100_000_000L);
                if (n > 0) {
                    decoder.feed(buf, 0, n);
                }
                for (Optional<NeFrameEvent> e = decoder.next(); e.isPresent(); e = decoder.next()) {
                    if (e.get() instanceof NeFrameEvent.Frame f) {
                        handle(f);
                    } else if (e.get() instanceof NeFrameEvent.Corrupt && mode == NeFraming.SAFE) {
                        link.write(NeFrames.safe(new NeReply.Refused(address, status, NeError.BAD_PACKET).payload()));
                    }
                }
            } catch (LinkLostException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (running) {
                    e.printStackTrace();
                }
                return;
            }
        }
    }

    private synchronized void handle(NeFrameEvent.Frame f) throws IOException {
        if (mode == NeFraming.SAFE && f.framing() == NeFraming.BASIC) {
            return; // a safe-mode pump ignores basic lines
        }
        NeRequest req;
        try {
            req = NeRequest.parse(f.framing(), f.payload());
        } catch (NeFormatException e) {
            return;
        }
        boolean forUs = switch (req.target()) {
            case NeTarget.Pump p -> p.address() == address;
            case NeTarget.System s -> true;
            case NeTarget.Unaddressed u -> address == 0;
        };
        if (!forUs) {
            return;
        }
        received.add(address + req.command() + req.arguments());
        NeAlarm latchNow = latchOn.remove(req.command());
        if (latchNow != null) {
            latched = latchNow;
        }
        Deque<Fault> forThis = faultsFor.get(req.command());
        Fault fault = forThis != null && !forThis.isEmpty() ? forThis.poll() : faults.poll();
        if (fault == Fault.IGNORE_REQUEST) {
            return;
        }
        if (fault == Fault.BAD_PACKET) {
            reply(new NeReply.Refused(address, status, NeError.BAD_PACKET), false);
            return;
        }
        NeReply reply;
        NeFraming before = mode;
        if (latched != null) {
            reply = new NeReply.Alarm(address, latched);
            latched = null;
        } else {
            reply = execute(req);
        }
        if (fault == Fault.DROP_REPLY) {
            return;
        }
        if (fault == Fault.OTHER_ADDRESS_FIRST) {
            link.write(NeFrames.reply(mode, new NeReply.Prompt((address + 1) % 100, NeStatus.INFUSING, "").payload()));
        }
        // SAF changes the framing of its own reply (nesp-lib expects the reply in the new mode).
        reply(reply, fault == Fault.CORRUPT_REPLY);
        if (before != mode) {
            decoder.reset();
        }
    }

    private void reply(NeReply reply, boolean corrupt) throws IOException {
        byte[] frame = NeFrames.reply(mode, reply.payload());
        if (corrupt) {
            frame[frame.length - 2] ^= 0x10;
        }
        link.write(frame);
    }

    private NeReply execute(NeRequest req) {
        String a = req.arguments();
        boolean runningNow = status.motorMayRun();
        switch (req.command()) {
            case "" -> { }
            case "PHN" -> {
                if (a.isEmpty()) {
                    return prompt(Integer.toString(phase));
                }
                if (runningNow) {
                    return refused(NeError.NOT_APPLICABLE);
                }
                phase = Integer.parseInt(a);
            }
            case "FUN" -> {
                if (a.isEmpty()) {
                    return prompt(functions[phase]);
                }
                functions[phase] = a;
            }
            case "VER" -> {
                return prompt("NE1000V3.928");
            }
            case "DIA" -> {
                if (a.isEmpty()) {
                    return prompt(NeNumber.formatFixed(diameter));
                }
                if (runningNow) {
                    return refused(NeError.NOT_APPLICABLE);
                }
                diameter = number(a);
                volume = new NeVolume(volume.value(), NeVolumeUnit.forDiameter(diameter));
            }
            case "RAT" -> {
                if (a.isEmpty()) {
                    return prompt(NeNumber.formatFixed(rate.value()) + rate.unit().name());
                }
                try {
                    NeRate r = NeRate.parse(a);
                    if (r.microlitresPerHour().compareTo(new BigDecimal("1000000")) > 0) {
                        return refused(NeError.OUT_OF_RANGE);
                    }
                    if (runningNow && r.unit() != rate.unit()) {
                        return refused(NeError.NOT_APPLICABLE);
                    }
                    rate = new NeRate(NeNumber.floor(r.value().multiply(rateFactor)), r.unit());
                } catch (NeFormatException e) {
                    return refused(NeError.OUT_OF_RANGE);
                }
            }
            case "VOL" -> {
                if (a.isEmpty()) {
                    return prompt(NeNumber.formatFixed(volume.value()) + volume.unit().name());
                }
                if (runningNow) {
                    return refused(NeError.NOT_APPLICABLE);
                }
                if (a.equals("UL") || a.equals("ML")) {
                    volume = new NeVolume(volume.value(), NeVolumeUnit.valueOf(a));
                } else {
                    volume = new NeVolume(number(a), volume.unit());
                }
            }
            case "DIR" -> {
                if (a.isEmpty()) {
                    return prompt(direction);
                }
                direction = a;
            }
            case "RUN" -> {
                if (runsToVolumeAtOnce && direction.equals("INF")) {
                    BigDecimal ul = volume.value().multiply(volume.unit().microlitres());
                    dispensed = new NeDispensed(dispensed.infused().add(ul.divide(dispensed.unit().microlitres())),
                            dispensed.withdrawn(), dispensed.unit());
                    status = NeStatus.STOPPED;
                } else {
                    status = direction.equals("WDR") ? NeStatus.WITHDRAWING : NeStatus.INFUSING;
                }
            }
            case "STP" -> status = runningNow ? NeStatus.PAUSED : NeStatus.STOPPED;
            case "DIS" -> {
                return prompt(dispensed.wire());
            }
            case "CLD" -> dispensed = a.equals("INF")
                    ? new NeDispensed(BigDecimal.ZERO, dispensed.withdrawn(), dispensed.unit())
                    : new NeDispensed(dispensed.infused(), BigDecimal.ZERO, dispensed.unit());
            case "SAF" -> {
                if (a.isEmpty()) {
                    return prompt(Integer.toString(safSeconds));
                }
                safSeconds = Integer.parseInt(a);
                mode = safSeconds > 0 ? NeFraming.SAFE : NeFraming.BASIC;
            }
            default -> {
                return refused(NeError.NOT_RECOGNIZED);
            }
        }
        return new NeReply.Prompt(address, status, "");
    }

    private NeReply prompt(String data) {
        return new NeReply.Prompt(address, status, data);
    }

    private NeReply refused(NeError e) {
        return new NeReply.Refused(address, status, e);
    }

    private static BigDecimal number(String a) {
        try {
            return NeNumber.parse(a);
        } catch (NeFormatException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
