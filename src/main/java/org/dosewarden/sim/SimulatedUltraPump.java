package org.dosewarden.sim;

import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.ultra.UltraError;
import org.dosewarden.pump.ultra.UltraFormatException;
import org.dosewarden.pump.ultra.UltraPrompt;
import org.dosewarden.pump.ultra.UltraReply;
import org.dosewarden.pump.ultra.UltraRequest;

/**
 * A simulated Ultra-family syringe pump (it answers as a Harvard Pump 11 Elite) on one serial line: commands end in
 * CR, replies are a line feed, data lines and the prompt (with XON after it in poll mode), through the shared codec
 * in {@code org.dosewarden.pump.ultra}; the pump itself is {@link UltraModel} and {@link UltraCommands}. A command
 * for another address is neither carried out nor answered; a line that is not a command (noise) is answered
 * "Unknown command" by the pump it was meant for, when that can still be told.
 */
public final class SimulatedUltraPump extends SimulatedDevice {

    private final UltraModel model;
    private final UltraCommands commands;
    private final StringBuilder request = new StringBuilder();
    private final int baud;
    private long commandsReceived;

    private SimulatedUltraPump(Builder b) {
        super(b);
        this.model = new UltraModel(b.time.monotonicNanos(), b.address, b.diameterMm, b.identity);
        this.commands = new UltraCommands(model, b.name);
        this.baud = b.baud;
        if (b.pollMode) {
            model.pollMode(true);
        }
    }

    public static Builder builder(TimeSource time) {
        return new Builder(time);
    }

    /** Options for a new simulated Ultra pump (those of every pump in {@link DeviceBuilder}); each has a named default. */
    public static final class Builder extends DeviceBuilder<Builder> {
        private String identity = "11 ELITE I/W Single 3.0.4";    // what flowchem records an Elite answering to VER
        private int baud = 115200;                                 // USB default
        private boolean pollMode;                                  // a pump just powered up is not in poll mode

        private Builder(TimeSource time) {
            super(time, UltraModel.MIN_DIAMETER_MM, UltraModel.MAX_DIAMETER_MM, 4);
        }

        @Override
        Builder self() {
            return this;
        }

        /** What {@code ver} answers. */
        public Builder identity(String text) {
            if (!text.matches("[ -~]{1,60}")) {
                throw new IllegalArgumentException("identity must be 1-60 printable ASCII characters: '" + text + "'");
            }
            this.identity = text;
            return this;
        }

        public Builder baud(int baud) {
            this.baud = baud;
            return this;
        }

        /** Starts already in poll mode, as if a host had set it up before. */
        public Builder pollMode(boolean on) {
            this.pollMode = on;
            return this;
        }

        public SimulatedUltraPump build() {
            return new SimulatedUltraPump(this);
        }
    }

    // =====================================================================================  the line

    @Override
    public String family() {
        return "ultra";
    }

    /** A command ends at CR; a line feed is ignored, and a line longer than a request can be is cut. */
    @Override
    void hear(byte[] heard, long now) {
        for (byte b : heard) {
            char c = (char) (b & 0xFF);
            if (c == '\r') {
                String text = request.toString();
                request.setLength(0);
                onLine(text, now);
            } else if (c != '\n' && request.length() <= UltraRequest.MAX_LINE) {
                request.append(c);
            }
        }
    }

    private void onLine(String text, long now) {
        UltraRequest parsed;
        try {
            parsed = UltraRequest.parse(text);
        } catch (UltraFormatException e) {
            // Noise made it no command at all: the pump at address 0 takes unaddressed text as its own.
            if (model.address() == 0 || text.startsWith(String.format("%02d:", model.address()))) {
                commandsReceived++;
                answer(now, new UltraCommands.Answer(java.util.List.of(UltraError.UNKNOWN_COMMAND.text())));
            }
            return;
        }
        if (parsed.address() != model.address()) {
            return;  // another pump's command
        }
        commandsReceived++;
        answer(now, commands.execute(parsed.command(), parsed.arguments()));
    }

    private void answer(long now, UltraCommands.Answer answer) {
        model.advanceTo(now);
        UltraReply reply = new UltraReply(model.address(), model.prompt(), answer.lines());
        line.emit(now, reply.encode(model.pollMode()), model.powered());
    }

    @Override
    UltraModel model() {
        return model;
    }

    @Override
    void lineChanged() {
        request.setLength(0);
    }

    @Override
    public int baud() {
        return baud;
    }

    // =====================================================================================  observation

    /** A consistent picture of the pump now, for assertions and the standalone status command. */
    public synchronized UltraSnapshot snapshot() {
        long now = settle();
        UltraModel.Settings s = model.settings();
        return new UltraSnapshot(model.powered(), model.prompt(), model.pollMode(), model.nvramNone(), model.address(),
                s.diameterMm(), s.infuseRate().microlitresPerHour(), model.targetMicrolitres(),
                model.commandedRateNlPerHour(), model.motorRate(), model.truth(), model.reported(), model.nvramWrites(),
                commandsReceived, line.statistics().framesSent(), line.held(), now);
    }

    @Override
    public String statusLine() {
        UltraSnapshot s = snapshot();
        return "prompt=" + (s.powered() ? s.prompt().wire() : "OFF") + " poll=" + (s.pollMode() ? "on" : "off")
                + " nvram=" + (s.nvramNone() ? "none" : "all") + " address=" + s.address() + " diameter="
                + s.diameterMm().toPlainString() + "mm rate=" + s.infuseRateMicrolitresPerHour().stripTrailingZeros()
                .toPlainString() + "uL/h target=" + s.targetMicrolitres().map(t -> t.stripTrailingZeros().toPlainString()
                + "uL").orElse("none") + " actual=" + s.actualRateNlPerHour() + "nL/h infused(true)="
                + s.truth().infusedNanolitres() + "nL infused(ivolume)=" + s.reported().infusedNanolitres() + "nL line="
                + (s.lineHeld() ? "connected" : "free");
    }

    // =====================================================================================  fault hooks

    @Override
    synchronized void clearStall() {
        settle();
        model.clearStall();
    }

    /** The prompt the pump would answer with now (for tests that wait on it). */
    public synchronized UltraPrompt prompt() {
        settle();
        return model.prompt();
    }
}
