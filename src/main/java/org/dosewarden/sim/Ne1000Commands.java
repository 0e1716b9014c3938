package org.dosewarden.sim;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dosewarden.pump.newera.NeError;
import org.dosewarden.pump.newera.NeFormatException;
import org.dosewarden.pump.newera.NeNumber;
import org.dosewarden.pump.newera.NeVolumeUnit;

/**
 * The NE-1000's command handlers (reference §1.3-1.9), at the level of decoded command text: each answers with
 * data or a command error and changes the program, the remembered settings or the counters as the manual
 * describes. The program's own commands are {@link Ne1000ProgramCommands}. Addressing, framing and the alarm
 * latch are handled before a command gets here.
 */
final class Ne1000Commands {

    static final String FIRMWARE = "NE1000V3.928";
    static final List<Integer> BAUDS = List.of(19200, 9600, 2400, 1200, 300);

    private static final Pattern ADR_ARG = Pattern.compile("([0-9]{1,3})(?:B([0-9]{1,6}))?");

    /** What a command did: answered (data, possibly empty) or refused with a command error. */
    sealed interface Outcome {
        record Done(String data) implements Outcome {}

        record Refused(NeError error) implements Outcome {}
    }

    static final Outcome OK = new Outcome.Done("");
    static final Outcome UNKNOWN = new Outcome.Refused(NeError.NOT_RECOGNIZED);
    static final Outcome NOT_APPLICABLE = new Outcome.Refused(NeError.NOT_APPLICABLE);
    static final Outcome OUT_OF_RANGE = new Outcome.Refused(NeError.OUT_OF_RANGE);

    private final Ne1000Model model;
    private final Ne1000Memory memory;
    private final Ne1000Program program;
    private final Ne1000ProgramCommands programCommands;
    private int buzzer;

    Ne1000Commands(Ne1000Model model, Ne1000Memory memory, Ne1000Program program) {
        this.model = model;
        this.memory = memory;
        this.program = program;
        this.programCommands = new Ne1000ProgramCommands(model, memory, program);
    }

    /** Power-up: the buzzer is off. */
    void powerUp() {
        buzzer = 0;
    }

    /**
     * Executes one command. The prompt of the reply is the program's state read afterwards, so {@code RUN}
     * answers {@code I}.
     *
     * @param command   command word as parsed by {@link org.dosewarden.pump.newera.NeRequest}, empty for a
     *                  status query ({@code ADR} and {@code RESET} arrive here for {@code *ADR}/{@code *RESET})
     * @param arguments argument text, empty for a query
     * @param system    true when the command came with the {@code *} system prefix
     */
    Outcome execute(String command, String arguments, boolean system) {
        if (system != (command.equals("ADR") || command.equals("RESET"))) {
            return UNKNOWN;  // *DIA or a bare ADR are not commands
        }
        String arg = arguments;
        return switch (command) {
            case "" -> OK;
            case "DIA" -> dia(arg);
            case "PHN" -> programCommands.phn(arg);
            case "FUN" -> programCommands.fun(arg);
            case "RAT" -> programCommands.rat(arg);
            case "VOL" -> programCommands.vol(arg);
            case "DIR" -> programCommands.dir(arg);
            case "RUN" -> programCommands.run(arg);
            case "PUR" -> arg.isEmpty() ? programCommands.purge() : UNKNOWN;
            case "STP" -> arg.isEmpty() ? programCommands.stp() : UNKNOWN;
            case "DIS" -> arg.isEmpty() ? dis() : UNKNOWN;
            case "CLD" -> cld(arg);
            case "SAF" -> saf(arg);
            case "VER" -> arg.isEmpty() ? new Outcome.Done(FIRMWARE) : UNKNOWN;
            case "BUZ" -> buz(arg);
            case "LOC", "AL", "BP", "LN", "PF" -> flag(command, arg);
            case "ADR" -> adr(arg);
            case "RESET" -> arg.isEmpty() ? reset() : UNKNOWN;
            // TRG, DIN, ROM, OUT, IN are real NE commands that drive TTL I/O, which this simulator lacks
            case "TRG", "DIN", "ROM", "OUT", "IN" -> NOT_APPLICABLE;
            default -> UNKNOWN;
        };
    }

    static Outcome done(String data) {
        return new Outcome.Done(data);
    }

    /** A number argument: empty when not number-shaped at all ({@code ?}); range is the caller's ({@code ?OOR}). */
    static Optional<BigDecimal> number(String s) {
        try {
            return Optional.of(NeNumber.parse(s));
        } catch (NeFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<Integer> wholeNumber(String s) {
        if (s.isEmpty() || s.length() > 6 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(s));
    }

    private Outcome dia(String arg) {
        if (arg.isEmpty()) {
            return done(NeNumbers.format(memory.diameterMm()));
        }
        Optional<BigDecimal> d = number(arg);
        if (d.isEmpty()) {
            return UNKNOWN;
        }
        if (program.operating()) {
            return NOT_APPLICABLE;
        }
        if (!NeNumber.isRepresentable(d.get())
                || d.get().compareTo(Ne1000Model.MIN_DIAMETER_MM) < 0 || d.get().compareTo(Ne1000Model.MAX_DIAMETER_MM) > 0) {
            return OUT_OF_RANGE;
        }
        memory.diameter(d.get());
        return OK;
    }

    private Outcome dis() {
        DispensedVolume r = model.reported();
        NeVolumeUnit volumeUnit = memory.volumeUnit();
        return done("I" + NeNumbers.formatVolume(r.infusedNanolitres(), volumeUnit)
                + "W" + NeNumbers.formatVolume(r.withdrawnNanolitres(), volumeUnit) + volumeUnit.name());
    }

    private Outcome cld(String arg) {
        switch (arg) {
            case "INF" -> model.drive().clearInfusedCounter();
            case "WDR" -> model.drive().clearWithdrawnCounter();
            default -> {
                return UNKNOWN;
            }
        }
        return OK;
    }

    private Outcome saf(String arg) {
        if (arg.isEmpty()) {
            return done(String.valueOf(memory.safSeconds()));
        }
        Optional<Integer> n = wholeNumber(arg);
        if (n.isEmpty()) {
            return UNKNOWN;
        }
        if (n.get() > 255) {
            return OUT_OF_RANGE;
        }
        memory.safSeconds(n.get());
        // this command is itself a valid packet: the timer runs from now (validPacket came first)
        model.watchdogArmed(n.get() > 0);
        return OK;
    }

    private Outcome buz(String arg) {
        if (arg.isEmpty()) {
            return done(buzzer == 0 ? "0" : "1");
        }
        Optional<Integer> n = wholeNumber(arg);
        if (n.isEmpty()) {
            return UNKNOWN;
        }
        if (arg.equals("0")) {
            buzzer = 0;
        } else if (arg.charAt(0) == '1' && arg.length() <= 3) {
            buzzer = 1;  // "1" sounds continuously, "1n" beeps n times; the simulator only remembers "on"
        } else {
            return OUT_OF_RANGE;
        }
        return OK;
    }

    private Outcome flag(String name, String arg) {
        if (arg.isEmpty()) {
            return done(String.valueOf(memory.flag(name)));
        }
        Optional<Integer> n = wholeNumber(arg);
        if (n.isEmpty()) {
            return UNKNOWN;
        }
        if (n.get() > 1 || arg.length() > 1) {
            return OUT_OF_RANGE;
        }
        memory.flag(name, n.get());
        return OK;
    }

    private Outcome adr(String arg) {
        if (arg.isEmpty()) {
            return done(String.valueOf(memory.address()));
        }
        if (arg.equals("DUAL") || arg.equals("RECP") || arg.equals("ALTR")) {
            return NOT_APPLICABLE;  // paired-pump modes are not simulated
        }
        Matcher m = ADR_ARG.matcher(arg);
        if (!m.matches()) {
            return UNKNOWN;
        }
        int a = Integer.parseInt(m.group(1));
        if (a > 99) {
            return OUT_OF_RANGE;
        }
        int baud = memory.baud();
        if (m.group(2) != null) {
            int b = Integer.parseInt(m.group(2));
            if (!BAUDS.contains(b)) {
                return OUT_OF_RANGE;
            }
            if (b != baud) {
                baud = b;
                model.watchdogArmed(false);  // a baud change disarms the timer until the next valid packet
            }
        }
        memory.addressAndBaud(a, baud);
        return OK;
    }

    private Outcome reset() {
        program.stop();
        memory.reset();
        program.restoreProgramOnly(memory);
        model.watchdogArmed(false);
        return OK;
    }
}
