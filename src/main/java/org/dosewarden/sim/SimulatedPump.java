package org.dosewarden.sim;

import java.time.Duration;
import java.util.Optional;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.newera.NeAlarm;
import org.dosewarden.pump.newera.NeError;
import org.dosewarden.pump.newera.NeFormatException;
import org.dosewarden.pump.newera.NeFrameDecoder;
import org.dosewarden.pump.newera.NeFrameEvent;
import org.dosewarden.pump.newera.NeFrames;
import org.dosewarden.pump.newera.NeFraming;
import org.dosewarden.pump.newera.NeReply;
import org.dosewarden.pump.newera.NeRequest;
import org.dosewarden.pump.newera.NeTarget;

/**
 * A simulated New Era NE-1000 syringe pump on one serial line: the wire protocol of both framings
 * (reference §1.3-1.9), the pump's program and motor physics on an injected {@link TimeSource}, the
 * physical truth kept apart from what the pump reports, and runtime fault injection ({@link #faults()}).
 * The line, its faults and how time is driven are those of every {@link SimulatedDevice}; physics, the safe-mode
 * watchdog and the end of a volume to be infused are worked out up to the current time on every call, so
 * unsolicited alarm packets go out on time as long as whoever serves the line ticks it.
 */
public final class SimulatedPump extends SimulatedDevice {

    /** Safe mode drops a partial packet after a gap longer than this between two bytes (reference §1.5). */
    public static final Duration INTER_BYTE_TIMEOUT = Duration.ofMillis(500);

    private final Ne1000Model model;
    private final NeFrameDecoder decoder = NeFrameDecoder.forRequests();
    private long lastByteNanos;
    private long framesReceived;

    private SimulatedPump(Builder b) {
        super(b);
        this.model = new Ne1000Model(b.time.monotonicNanos(), b.address, b.diameterMm, b.safSeconds, b.powerUpAlarm);
        this.lastByteNanos = b.time.monotonicNanos();
        model.drainRaised();  // nobody is listening at power-up: the auto-alarm goes nowhere, the latch stays
    }

    /** A factory-fresh pump at address 0, basic mode, 26.59 mm syringe, A?R latched from power-up. */
    public static SimulatedPump create(TimeSource time) {
        return builder(time).build();
    }

    public static Builder builder(TimeSource time) {
        return new Builder(time);
    }

    /** Options for a new simulated NE-1000 (those of every pump in {@link DeviceBuilder}); each has a named default. */
    public static final class Builder extends DeviceBuilder<Builder> {
        private int safSeconds = 0;                                 // the factory default is basic mode
        private boolean powerUpAlarm = true;                        // a real pump latches A?R at power-up

        private Builder(TimeSource time) {
            super(time, Ne1000Model.MIN_DIAMETER_MM, Ne1000Model.MAX_DIAMETER_MM, 3);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Starts in safe mode with this watchdog timeout, 0..255 s (0 = basic mode), as if SAF was stored. */
        public Builder safeModeSeconds(int seconds) {
            if (seconds < 0 || seconds > 255) {
                throw new IllegalArgumentException("SAF timeout must be 0..255 s: " + seconds);
            }
            this.safSeconds = seconds;
            return this;
        }

        /** Whether the pump starts with A?R latched, as after a real power-up (default true). */
        public Builder powerUpAlarm(boolean latched) {
            this.powerUpAlarm = latched;
            return this;
        }

        public SimulatedPump build() {
            return new SimulatedPump(this);
        }
    }

    // =====================================================================================  the line

    @Override
    public String family() {
        return "newera";
    }

    /** Frames in what was heard are executed at once; safe mode drops a partial packet after a long gap. */
    @Override
    void hear(byte[] heard, long now) {
        if (model.safeMode() && decoder.pending() > 0 && now - lastByteNanos > INTER_BYTE_TIMEOUT.toNanos()) {
            while (decoder.pending() > 0) {
                decoder.discardPartial();
            }
        }
        lastByteNanos = now;
        decoder.feed(heard, 0, heard.length);
        for (Optional<NeFrameEvent> e = decoder.next(); e.isPresent(); e = decoder.next()) {
            switch (e.get()) {
                case NeFrameEvent.Frame f -> onFrame(f, now);
                case NeFrameEvent.Corrupt c -> onCorrupt(c, now);
            }
        }
        flushAlarms(now);
    }

    @Override
    void settleTo(long now) {
        model.advanceTo(now);
        flushAlarms(now);
    }

    @Override
    Ne1000Model model() {
        return model;
    }

    @Override
    void lineChanged() {
        decoder.reset();
    }

    @Override
    public synchronized int baud() {
        return model.baud();
    }

    @Override
    public String statusLine() {
        return ControlCommands.status(snapshot());
    }

    private void onFrame(NeFrameEvent.Frame frame, long now) {
        if (frame.framing() == NeFraming.BASIC && model.safeMode()) {
            // A basic command to a pump in safe mode is not a valid packet. Answer ?COM so a host probing the
            // mode learns it; stay quiet about binary leftovers of a broken safe packet.
            if (isPrintable(frame.payload())) {
                emit(now, NeFraming.SAFE, new NeReply.Refused(model.address(), model.prompt(), NeError.BAD_PACKET));
            }
            return;
        }
        String command;
        String arguments;
        boolean system;
        try {
            NeRequest request = NeRequest.parse(frame.framing(), frame.payload());
            if (request.target() instanceof NeTarget.Pump p && p.address() != model.address()) {
                return;  // another pump's packet: not ours, not answered, does not feed our watchdog
            }
            // No address at all is taken as meant for this pump (a single pump on the line answers it).
            command = request.command();
            arguments = request.arguments();
            system = request.target() instanceof NeTarget.System;
        } catch (NeFormatException e) {
            // framed correctly but no command grammar (a number without command word, lower case in safe
            // mode, a space in safe mode): a valid packet carrying an unrecognised command
            command = "?";
            arguments = "";
            system = false;
        }
        framesReceived++;
        model.validPacket(now);
        Optional<NeAlarm> alarm = model.acknowledgeAlarm();
        NeReply reply;
        if (alarm.isPresent()) {
            reply = new NeReply.Alarm(model.address(), alarm.get());  // the command is NOT executed
        } else {
            reply = switch (model.execute(command, arguments, system)) {
                case Ne1000Commands.Outcome.Done d -> new NeReply.Prompt(model.address(), model.prompt(), d.data());
                case Ne1000Commands.Outcome.Refused r -> new NeReply.Refused(model.address(), model.prompt(), r.error());
            };
        }
        // the reply uses the framing in force after the command: SAF10 is answered in safe framing
        emit(now, model.safeMode() ? NeFraming.SAFE : NeFraming.BASIC, reply);
    }

    private void onCorrupt(NeFrameEvent.Corrupt corrupt, long now) {
        if (corrupt.framing() == NeFraming.SAFE) {
            emit(now, NeFraming.SAFE, new NeReply.Refused(model.address(), model.prompt(), NeError.BAD_PACKET));
        } else if (!model.safeMode()) {
            emit(now, NeFraming.BASIC, new NeReply.Refused(model.address(), model.prompt(), NeError.NOT_RECOGNIZED));
        }
    }

    private static boolean isPrintable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t' || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private void flushAlarms(long now) {
        for (NeAlarm a : model.drainRaised()) {
            if (model.safeMode()) {
                // safe mode announces every alarm at once; sending it does not acknowledge it (reference §1.5)
                emit(now, NeFraming.SAFE, new NeReply.Alarm(model.address(), a));
            }
        }
    }

    private void emit(long now, NeFraming framing, NeReply reply) {
        line.emit(now, NeFrames.reply(framing, reply.payload()), model.powered());
    }

    // =====================================================================================  observation

    /** A consistent picture of the pump now, for assertions and the standalone status command. */
    public synchronized PumpSnapshot snapshot() {
        long now = settle();
        return new PumpSnapshot(model.powered(), model.prompt(), model.latchedAlarm(), model.safeMode(),
                model.safSeconds(), model.watchdogArmed(), model.address(), model.baud(), model.diameterMm(),
                model.executingPhase(), model.commandedRateNlPerHour(), model.actualRateNlPerHour(),
                model.truth(), model.reported(), model.nvramWrites(), framesReceived, line.statistics().framesSent(),
                line.held(), now);
    }
}
