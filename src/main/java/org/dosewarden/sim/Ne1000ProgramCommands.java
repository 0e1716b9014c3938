package org.dosewarden.sim;

import static org.dosewarden.sim.Ne1000Commands.NOT_APPLICABLE;
import static org.dosewarden.sim.Ne1000Commands.OK;
import static org.dosewarden.sim.Ne1000Commands.OUT_OF_RANGE;
import static org.dosewarden.sim.Ne1000Commands.UNKNOWN;
import static org.dosewarden.sim.Ne1000Commands.done;
import static org.dosewarden.sim.Ne1000Commands.number;
import static org.dosewarden.sim.Ne1000Commands.wholeNumber;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dosewarden.pump.newera.NeNumber;
import org.dosewarden.pump.newera.NeRateUnit;
import org.dosewarden.pump.newera.NeVolumeUnit;
import org.dosewarden.sim.Ne1000Commands.Outcome;
import org.dosewarden.sim.Phase.Direction;
import org.dosewarden.sim.Phase.Function;

/**
 * The NE-1000's program commands (reference §1.9): select a phase ({@code PHN}), set its function, rate, volume to
 * be infused and direction, and run, pause/stop or purge. Edits made while stopped are remembered (stored program);
 * a rate changed while pumping takes effect at once and is not stored.
 */
final class Ne1000ProgramCommands {

    private static final Pattern RATE_ARG = Pattern.compile("([0-9.]+)(UM|MM|UH|MH)?");

    private final Ne1000Model model;
    private final Ne1000Memory memory;
    private final Ne1000Program program;

    Ne1000ProgramCommands(Ne1000Model model, Ne1000Memory memory, Ne1000Program program) {
        this.model = model;
        this.memory = memory;
        this.program = program;
    }

    /** A phase change that is remembered: the working copy and the stored program. */
    private void storePhase(int n, Phase p) {
        program.replacePhase(n, p);
        memory.storePhase(n, p);
    }

    Outcome phn(String arg) {
        if (arg.isEmpty()) {
            return done(String.valueOf(program.currentPhase()));
        }
        Optional<Integer> n = wholeNumber(arg);
        if (n.isEmpty()) {
            return UNKNOWN;
        }
        if (program.operating()) {
            return NOT_APPLICABLE;
        }
        if (n.get() < 1 || n.get() > Ne1000Program.PHASES) {
            return OUT_OF_RANGE;
        }
        program.selectPhase(n.get());
        return OK;
    }

    Outcome fun(String arg) {
        int selected = program.selectedPhase();
        Phase p = program.phase(selected);
        if (arg.isEmpty()) {
            return done(switch (p.function()) {
                case RAT -> "RAT";
                case STP -> "STP";
                case PAS -> "PAS" + BigDecimal.valueOf(p.pauseNanos(), 9).stripTrailingZeros().toPlainString();
            });
        }
        if (program.operating()) {
            return NOT_APPLICABLE;
        }
        if (arg.equals("RAT")) {
            storePhase(selected, p.withFunction(Function.RAT, 0));
        } else if (arg.equals("STP")) {
            storePhase(selected, p.withFunction(Function.STP, 0));
        } else if (arg.startsWith("PAS")) {
            // PAS nn (whole seconds up to 99) or PAS n.n (tenths)
            Optional<BigDecimal> s = number(arg.substring(3));
            if (s.isEmpty()) {
                return UNKNOWN;
            }
            if (s.get().stripTrailingZeros().scale() > 1 || s.get().compareTo(BigDecimal.valueOf(99)) > 0) {
                return OUT_OF_RANGE;
            }
            storePhase(selected, p.withFunction(Function.PAS, s.get().movePointRight(9).longValueExact()));
        } else if (arg.matches("(FIL|INC|DEC|JMP|PRI|PRL|LPS|LOP|LPE|IF|EVN|EVS|EVR|CLD|TRG|BEP|OUT).*")) {
            return NOT_APPLICABLE;  // a real NE function this simulator does not run (docs/simulator.md)
        } else {
            return UNKNOWN;
        }
        return OK;
    }

    Outcome rat(String arg) {
        boolean running = program.operating();
        int n = program.currentPhase();
        Phase p = program.phase(n);
        if (arg.isEmpty()) {
            return done(NeNumbers.format(p.rate()) + p.rateUnit().name());
        }
        Matcher m = RATE_ARG.matcher(arg);
        if (!m.matches()) {
            return UNKNOWN;
        }
        Optional<BigDecimal> value = number(m.group(1));
        if (value.isEmpty()) {
            return UNKNOWN;
        }
        NeRateUnit unit = m.group(2) == null ? p.rateUnit() : NeRateUnit.valueOf(m.group(2));
        if (running && unit != p.rateUnit()) {
            return NOT_APPLICABLE;  // rate units cannot change while pumping
        }
        if (!NeNumber.isRepresentable(value.get())) {
            return OUT_OF_RANGE;
        }
        Phase changed = p.withRate(value.get(), unit);
        if (!model.rateInRange(changed.rateNanolitresPerHour())) {
            return OUT_OF_RANGE;
        }
        if (running) {
            program.replacePhase(n, changed);  // takes effect at once and is not stored (reference §1.3)
        } else {
            storePhase(n, changed);
        }
        return OK;
    }

    Outcome vol(String arg) {
        NeVolumeUnit volumeUnit = memory.volumeUnit();
        Phase p = program.phase(program.currentPhase());
        if (arg.isEmpty()) {
            return done(NeNumbers.formatVolume(p.vtbiNanolitres(), volumeUnit) + volumeUnit.name());
        }
        if (arg.equals("UL") || arg.equals("ML")) {
            if (program.operating()) {
                return NOT_APPLICABLE;
            }
            memory.volumeUnit(NeVolumeUnit.valueOf(arg));
            return OK;
        }
        Optional<BigDecimal> v = number(arg);
        if (v.isEmpty()) {
            return UNKNOWN;
        }
        if (program.operating()) {
            return NOT_APPLICABLE;
        }
        if (!NeNumber.isRepresentable(v.get())) {
            return OUT_OF_RANGE;
        }
        long nl = v.get().multiply(volumeUnit.microlitres()).movePointRight(3).longValueExact();
        int selected = program.selectedPhase();
        storePhase(selected, program.phase(selected).withVtbi(nl));
        return OK;
    }

    Outcome dir(String arg) {
        boolean running = program.operating();
        int n = program.currentPhase();
        Phase p = program.phase(n);
        Direction motorDirection = program.motorDirection();
        if (arg.isEmpty()) {
            Direction shown = running && p.direction() == Direction.STK ? motorDirection : p.direction();
            return done(shown.name());
        }
        Direction wanted;
        switch (arg) {
            case "INF" -> wanted = Direction.INF;
            case "WDR" -> wanted = Direction.WDR;
            case "STK" -> wanted = Direction.STK;
            case "REV" -> {
                Direction current = p.direction() == Direction.STK ? motorDirection : p.direction();
                wanted = current == Direction.WDR ? Direction.INF : Direction.WDR;
            }
            default -> {
                return UNKNOWN;
            }
        }
        if (running) {
            // while operating only a continuous phase (VOL 0) may turn round, and never to "sticky"
            if (wanted == Direction.STK || p.vtbiNanolitres() != 0) {
                return NOT_APPLICABLE;
            }
            storePhase(n, p.withDirection(wanted));
            program.turn(wanted);
            return OK;
        }
        storePhase(n, p.withDirection(wanted));
        return OK;
    }

    Outcome run(String arg) {
        switch (program.state()) {
            case INFUSING, WITHDRAWING, PAUSE_PHASE, WAITING_TRIGGER -> {
                return OK;  // already running: nothing to do
            }
            case PURGING -> {
                return NOT_APPLICABLE;
            }
            case PAUSED -> {
                program.resume(model.lastNanos());
                return OK;
            }
            case STOPPED -> {
                int start = 1;
                if (!arg.isEmpty()) {
                    Optional<Integer> n = wholeNumber(arg);
                    if (n.isEmpty()) {
                        return UNKNOWN;
                    }
                    if (n.get() < 1 || n.get() > Ne1000Program.PHASES) {
                        return OUT_OF_RANGE;
                    }
                    start = n.get();
                }
                Phase first = program.phase(start);
                if (first.function() == Function.RAT && !model.rateInRange(first.rateNanolitresPerHour())) {
                    return OUT_OF_RANGE;  // e.g. the diameter changed after the rate was set
                }
                model.startProgram(start);
                return OK;
            }
        }
        throw new IllegalStateException("unhandled state " + program.state());
    }

    Outcome stp() {
        switch (program.state()) {
            case INFUSING, WITHDRAWING, WAITING_TRIGGER, PAUSE_PHASE -> program.pause(model.lastNanos());
            case PAUSED, PURGING -> program.stop();
            case STOPPED -> { }
        }
        return OK;
    }

    Outcome purge() {
        if (program.operating()) {
            return NOT_APPLICABLE;
        }
        program.purge();
        return OK;
    }
}
