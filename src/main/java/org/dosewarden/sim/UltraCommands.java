package org.dosewarden.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dosewarden.pump.ultra.UltraError;
import org.dosewarden.pump.ultra.UltraFormatException;
import org.dosewarden.pump.ultra.UltraQuantity;

/**
 * The commands a simulated Ultra pump carries out, each answering data lines (possibly none) or an error line.
 * Command words may be shortened to their first four letters, as the PHD ULTRA manual allows.
 */
final class UltraCommands {

    private static final List<String> COMMANDS = List.of("ver", "version", "poll", "nvram", "diameter", "irate", "wrate",
            "tvolume", "ctvolume", "ivolume", "wvolume", "civolume", "cwvolume", "cvolume", "irun", "wrun", "run",
            "stp", "stop", "address", "status");

    private final UltraModel model;
    private final String name;

    UltraCommands(UltraModel model, String name) {
        this.model = model;
        this.name = name;
    }

    /** What a command answered: data lines, or an error (first line the error words). */
    record Answer(List<String> lines) {
        static Answer none() {
            return new Answer(List.of());
        }

        static Answer of(String... lines) {
            return new Answer(List.of(lines));
        }

        static Answer error(UltraError e, String detail) {
            return detail.isEmpty() ? new Answer(List.of(e.text())) : new Answer(List.of(e.text() + ": " + detail));
        }
    }

    /** The command word this abbreviation stands for, if any. */
    static Optional<String> resolve(String word) {
        if (COMMANDS.contains(word)) {
            return Optional.of(word);
        }
        if (word.length() < 4) {
            return Optional.empty();
        }
        List<String> matches = COMMANDS.stream().filter(c -> c.startsWith(word)).toList();
        return matches.size() == 1 ? Optional.of(matches.getFirst()) : Optional.empty();
    }

    Answer execute(String word, String args) {
        if (word.isEmpty()) {
            return Answer.none();
        }
        Optional<String> command = resolve(word);
        if (command.isEmpty()) {
            return Answer.error(UltraError.UNKNOWN_COMMAND, "");
        }
        try {
            return switch (command.get()) {
                case "ver" -> Answer.of(model.identity());
                case "version" -> Answer.of("Firmware:      v" + model.identity().replaceAll(".* ", ""),
                        "Pump address:  " + model.address(), "Serial number: SIM-" + name);
                case "poll" -> onOff(args, model::pollMode, model.pollMode());
                case "nvram" -> nvram(args);
                case "diameter" -> diameter(args);
                case "irate" -> rate(args, true);
                case "wrate" -> rate(args, false);
                case "tvolume" -> target(args);
                case "ctvolume" -> noArgs(args, () -> model.target(null, model.targetUnit()));
                case "ivolume" -> noArgs(args, null, volume(model.reported().infusedNanolitres()));
                case "wvolume" -> noArgs(args, null, volume(model.reported().withdrawnNanolitres()));
                case "civolume" -> noArgs(args, () -> model.clearCounters(true, false));
                case "cwvolume" -> noArgs(args, () -> model.clearCounters(false, true));
                case "cvolume" -> noArgs(args, () -> model.clearCounters(true, true));
                case "irun", "run" -> noArgs(args, () -> model.run(UltraModel.Motion.INFUSING));
                case "wrun" -> noArgs(args, () -> model.run(UltraModel.Motion.WITHDRAWING));
                case "stp", "stop" -> noArgs(args, model::stop);
                case "address" -> args.isEmpty() ? Answer.of(Integer.toString(model.address()))
                        : Answer.error(UltraError.COMMAND_ERROR, "address is set at the pump in this simulator");
                case "status" -> noArgs(args, null, rawStatus());
                default -> Answer.error(UltraError.UNKNOWN_COMMAND, "");
            };
        } catch (UltraFormatException e) {
            return Answer.error(UltraError.ARGUMENT_ERROR, args);
        }
    }

    private Answer noArgs(String args, Runnable action) {
        if (!args.isEmpty()) {
            return Answer.error(UltraError.ARGUMENT_ERROR, args);
        }
        action.run();
        return Answer.none();
    }

    private Answer noArgs(String args, Runnable action, String line) {
        if (!args.isEmpty()) {
            return Answer.error(UltraError.ARGUMENT_ERROR, args);
        }
        return Answer.of(line);
    }

    private Answer onOff(String args, java.util.function.Consumer<Boolean> set, boolean now) {
        switch (args.toLowerCase(Locale.ROOT)) {
            case "" -> {
                return Answer.of(now ? "on" : "off");
            }
            case "on" -> set.accept(true);
            case "off" -> set.accept(false);
            default -> {
                return Answer.error(UltraError.ARGUMENT_ERROR, args);
            }
        }
        return Answer.none();
    }

    private Answer nvram(String args) {
        switch (args.toLowerCase(Locale.ROOT)) {
            case "" -> {
                return Answer.of("NVRAM: " + (model.nvramNone() ? "none" : "all"));
            }
            case "none" -> model.nvramNone(true);
            case "all" -> model.nvramNone(false);
            default -> {
                return Answer.error(UltraError.ARGUMENT_ERROR, args);
            }
        }
        return Answer.none();
    }

    private Answer diameter(String args) throws UltraFormatException {
        UltraModel.Settings s = model.settings();
        if (args.isEmpty()) {
            return Answer.of(s.diameterMm().setScale(4, RoundingMode.DOWN).toPlainString() + " mm");
        }
        String mm = args.toLowerCase(Locale.ROOT).endsWith(" mm") ? args.substring(0, args.length() - 3) : args;
        BigDecimal d = number(mm);
        if (model.motion() != UltraModel.Motion.IDLE) {
            return Answer.error(UltraError.COMMAND_ERROR, "the pump is running");
        }
        if (d.compareTo(UltraModel.MIN_DIAMETER_MM) < 0 || d.compareTo(UltraModel.MAX_DIAMETER_MM) > 0) {
            return Answer.error(UltraError.OUT_OF_RANGE, "");
        }
        model.settings(new UltraModel.Settings(d.setScale(4, RoundingMode.DOWN), s.infuseRate(), s.withdrawRate()));
        return Answer.none();
    }

    private Answer rate(String args, boolean infuse) throws UltraFormatException {
        UltraModel.Settings s = model.settings();
        UltraModel.Rate current = infuse ? s.infuseRate() : s.withdrawRate();
        String a = args.toLowerCase(Locale.ROOT);
        if (a.isEmpty()) {
            return Answer.of(plain(current.value()) + " " + current.unit());
        }
        if (a.equals("lim")) {
            return Answer.of(plain(model.minRateMicrolitresPerHour().divide(BigDecimal.valueOf(60), 4,
                    RoundingMode.CEILING).movePointRight(3)) + " nl/min to " + plain(model.maxRateMicrolitresPerHour()
                    .divide(BigDecimal.valueOf(60_000), 4, RoundingMode.FLOOR)) + " ml/min");
        }
        BigDecimal ul = UltraQuantity.parseRateMicrolitresPerHour(a);
        if (!model.rateInRange(ul)) {
            return Answer.error(UltraError.OUT_OF_RANGE, "");
        }
        int space = a.indexOf(' ');
        UltraModel.Rate next = new UltraModel.Rate(number(a.substring(0, space)), a.substring(space + 1), ul);
        model.settings(infuse ? new UltraModel.Settings(s.diameterMm(), next, s.withdrawRate())
                : new UltraModel.Settings(s.diameterMm(), s.infuseRate(), next));
        return Answer.none();
    }

    private Answer target(String args) throws UltraFormatException {
        String a = args.toLowerCase(Locale.ROOT);
        if (a.isEmpty()) {
            Optional<BigDecimal> t = model.targetMicrolitres();
            if (t.isEmpty()) {
                return Answer.of("Target volume not set");
            }
            boolean ml = model.targetUnit().equals("ml");
            return Answer.of(UltraQuantity.writeVolume(t.get(), ml));
        }
        BigDecimal ul = UltraQuantity.parseVolumeMicrolitres(a);
        if (ul.signum() <= 0) {
            return Answer.error(UltraError.OUT_OF_RANGE, "");
        }
        model.target(ul, a.substring(a.indexOf(' ') + 1).equals("ml") ? "ml" : "ul");
        return Answer.none();
    }

    /** A counter, nL, as the pump writes it: µL below 1 mL, mL above, exact to the nanolitre. */
    private static String volume(long nanolitres) {
        BigDecimal ul = BigDecimal.valueOf(nanolitres).movePointLeft(3);
        return UltraQuantity.writeVolume(ul, nanolitres >= 1_000_000);
    }

    /** {@code status}: rate fL/s, infusion time s, volume fL, then five flags (PHD ULTRA manual p.88). */
    private String rawStatus() {
        long flPerSecond = BigDecimal.valueOf(model.commandedRateNlPerHour()).movePointRight(6)
                .divide(BigDecimal.valueOf(3600), 0, RoundingMode.DOWN).longValueExact();
        long volumeFl = model.motion() == UltraModel.Motion.WITHDRAWING
                ? model.reported().withdrawnNanolitres() * 1_000_000 : model.reported().infusedNanolitres() * 1_000_000;
        char direction = model.motion() == UltraModel.Motion.WITHDRAWING ? 'w' : 'i';
        return flPerSecond + " 0 " + volumeFl + " " + direction + "." + (model.stalled() ? 'S' : '.') + ".I";
    }

    private static BigDecimal number(String text) throws UltraFormatException {
        if (!text.matches("\\d{1,9}(\\.\\d{1,9})?|\\.\\d{1,9}")) {
            throw new UltraFormatException("not a number: " + text);
        }
        return new BigDecimal(text.startsWith(".") ? "0" + text : text);
    }

    private static String plain(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }
}
