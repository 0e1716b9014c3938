package org.dosewarden.sim;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
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
        super(b.name, b.time, b.replyLatency.toNanos(), b.seed);
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

    /** Options for a new simulated Ultra pump; each has a named default. */
    public static final class Builder {
        private final TimeSource time;
        private String name = "default";
        private int address = 0;
        private BigDecimal diameterMm = new BigDecimal("26.59");  // BD 60 mL
        private String identity = "11 ELITE I/W Single 3.0.4";    // what flowchem records an Elite answering to VER
        private int baud = 115200;                                 // USB default
        private boolean pollMode;                                  // a pump just powered up is not in poll mode
        private Duration replyLatency = Duration.ZERO;
        private long seed = 1;

        private Builder(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time");
        }

        public Builder name(String name) {
            this.name = checkedName(name);
            return this;
        }

        public Builder address(int address) {
            if (address < 0 || address > 99) {
                throw new IllegalArgumentException("pump address must be 0..99: " + address);
            }
            this.address = address;
            return this;
        }

        /** Syringe inside diameter, 0.1..33 mm (stored in the pump's memory). */
        public Builder diameterMm(BigDecimal mm) {
            if (mm.compareTo(UltraModel.MIN_DIAMETER_MM) < 0 || mm.compareTo(UltraModel.MAX_DIAMETER_MM) > 0
                    || mm.stripTrailingZeros().scale() > 4) {
                throw new IllegalArgumentException("syringe diameter must be 0.1..33 mm with at most 4 decimals: "
                        + mm.toPlainString() + " mm");
            }
            this.diameterMm = mm;
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

        public Builder replyLatency(Duration latency) {
            if (latency.isNegative() || latency.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("reply latency must be 0..10 s: " + latency);
            }
            this.replyLatency = latency;
            return this;
        }

        /** Seed of the random source used by the garbling and line-noise faults. */
        public Builder seed(long seed) {
            this.seed = seed;
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

    @Override
    public synchronized void receive(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        long now = settle();
        if (!model.powered()) {
            return;
        }
        byte[] heard = line.fromHost(data, offset, length, now);
        if (heard == null) {
            return;
        }
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
    void settleTo(long now) {
        model.advanceTo(now);
    }

    @Override
    long internalNextEventNanos() {
        return model.nextInternalEvent();
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

    @Override
    public synchronized DispensedVolume truth() {
        settle();
        return model.truth();
    }

    /** What {@code ivolume}/{@code wvolume} report now, exact in nL: counters times the under-reporting fault. */
    @Override
    public synchronized DispensedVolume reportedDispensed() {
        settle();
        return model.reported();
    }

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
    synchronized void stall() {
        model.stall(time().monotonicNanos());
    }

    @Override
    synchronized void clearStall() {
        settle();
        model.clearStall();
    }

    @Override
    synchronized void powerOff() {
        model.powerOff(time().monotonicNanos());
        line.clearOutput();
        request.setLength(0);
    }

    @Override
    synchronized void powerOn() {
        long now = time().monotonicNanos();
        if (model.powered()) {
            model.powerOff(now);
        }
        model.powerOn(now);
        request.setLength(0);
    }

    @Override
    synchronized void rateFactor(BigDecimal factor) {
        settle();
        model.rateFactor(factor);
    }

    @Override
    synchronized void ignoreVolumeLimit(boolean ignore) {
        settle();
        model.ignoresTarget(ignore);
    }

    @Override
    synchronized void freeFlow(long nlPerHour, boolean seenByPump) {
        settle();
        model.freeFlow(nlPerHour, seenByPump);
    }

    @Override
    synchronized void underReport(BigDecimal fraction) {
        settle();
        model.reportedFraction(fraction);
    }

    @Override
    synchronized ActiveFaults activeFaults() {
        return model.faults(line, time().monotonicNanos());
    }

    /** The prompt the pump would answer with now (for tests that wait on it). */
    public synchronized UltraPrompt prompt() {
        settle();
        return model.prompt();
    }
}
