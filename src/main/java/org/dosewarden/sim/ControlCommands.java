package org.dosewarden.sim;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone simulator's tiny control language, one command per line, used on stdin, on the control port
 * and by {@code --fault} at start. Every command answers one line; bad input throws
 * {@link IllegalArgumentException} naming what was wrong.
 *
 * <pre>
 * stall | clear-stall | power-cycle | power-off | power-on | unplug | plug-in | clear
 * silence 10s|forever|off     mute 5s     garble 20 [flip|drop|both] | garble off     noise 2 | noise off     line
 * rate-factor 1.5     ignore-vtbi on|off     free-flow 6mL/h [seen|unseen] | free-flow off
 * under-report 0.8 | under-report off     status     truth     help
 * </pre>
 */
public final class ControlCommands {

    public static final String HELP = String.join("\n",
            "stall                      motor stalls now: pump stopped (New Era A?S latched, Ultra prompt *)",
            "clear-stall                clear a stall at the pump's display (Ultra)",
            "power-cycle                power lost and back: counters cleared, saved settings kept (New Era A?R)",
            "power-off | power-on       power lost / back (nothing answers while off)",
            "silence 10s|forever|off    line dead both ways (commands lost, nothing sent)",
            "mute 5s                    commands executed but not answered",
            "garble 20 [flip|drop|both] damage 20 % of the frames sent; 'garble off'",
            "noise 2                    line noise: one bit flipped in 2 % of all bytes, both ways; 'noise off'",
            "line                       bytes carried and damaged so far",
            "rate-factor 1.5            motor runs 1.5 x the programmed rate (1 = healthy)",
            "ignore-vtbi on|off         keep pumping past the volume limit (VTBI, target)",
            "free-flow 6mL/h [seen|unseen]  fluid flows while stopped; 'free-flow off'",
            "under-report 0.8           DIS shows 80 % of what was delivered; 'under-report off'",
            "unplug | plug-in           pull / reconnect the cable (pty disappears / returns)",
            "clear                      all fault switches off",
            "status                     what the pump is doing",
            "truth                      true delivered volume (nL) vs what DIS reports",
            "help                       this list");

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern FLOW = Pattern.compile("(\\d{1,6}(?:\\.\\d{1,3})?)(mL/h|uL/h|ml/h|ul/h)");

    private ControlCommands() {
    }

    /** Executes one line against {@code pump} and returns the one-line answer. */
    public static String execute(SimulatedDevice pump, String line) {
        String[] w = line.trim().split("\\s+");
        FaultInjector f = pump.faults();
        String cmd = w[0].toLowerCase(Locale.ROOT);
        switch (cmd) {
            case "stall" -> {
                arity(w, 1);
                f.stall();
                return "ok: stalled";
            }
            case "power-cycle" -> {
                arity(w, 1);
                f.powerCycle();
                return "ok: power cycled";
            }
            case "power-off" -> {
                arity(w, 1);
                f.powerOff();
                return "ok: power off";
            }
            case "power-on" -> {
                arity(w, 1);
                f.powerOn();
                return "ok: power on";
            }
            case "unplug" -> {
                arity(w, 1);
                f.unplug();
                return "ok: unplugged";
            }
            case "plug-in" -> {
                arity(w, 1);
                f.plugIn();
                return "ok: plugged in";
            }
            case "clear" -> {
                arity(w, 1);
                f.clearAll();
                return "ok: all faults cleared";
            }
            case "silence" -> {
                arity(w, 2);
                switch (w[1].toLowerCase(Locale.ROOT)) {
                    case "off" -> f.endSilence();
                    case "forever" -> f.silenceIndefinitely();
                    default -> f.silence(duration(w[1]));
                }
                return "ok: silence " + w[1];
            }
            case "mute" -> {
                arity(w, 2);
                if (w[1].equalsIgnoreCase("off")) {
                    f.endSilence();
                } else {
                    f.muteReplies(duration(w[1]));
                }
                return "ok: mute " + w[1];
            }
            case "garble" -> {
                if (w.length == 2 && w[1].equalsIgnoreCase("off")) {
                    f.stopGarbling();
                    return "ok: garbling off";
                }
                if (w.length < 2 || w.length > 3) {
                    throw new IllegalArgumentException("usage: garble PERCENT [flip|drop|both] | garble off");
                }
                Garbling how = w.length == 2 ? Garbling.FLIP_OR_DROP : switch (w[2].toLowerCase(Locale.ROOT)) {
                    case "flip" -> Garbling.FLIP_BIT;
                    case "drop" -> Garbling.DROP_BYTE;
                    case "both" -> Garbling.FLIP_OR_DROP;
                    default -> throw new IllegalArgumentException("garble kind must be flip, drop or both: " + w[2]);
                };
                f.garbleReplies(integer(w[1], "garble percentage"), how);
                return "ok: garbling " + w[1] + " % (" + how + ")";
            }
            case "noise" -> {
                arity(w, 2);
                BigDecimal percent = w[1].equalsIgnoreCase("off") ? BigDecimal.ZERO : decimal(w[1].replace("%", ""),
                        "line noise percentage");
                f.lineNoise(percent);
                return "ok: line noise " + percent.stripTrailingZeros().toPlainString() + " % of bytes, both directions";
            }
            case "line" -> {
                arity(w, 1);
                LineStatistics l = pump.lineStatistics();
                return "line bytes-to-pump=" + l.bytesFromHost() + " bytes-to-host=" + l.bytesToHost()
                        + " damaged-to-pump=" + l.damagedFromHost() + " damaged-to-host=" + l.damagedToHost()
                        + " frames-sent=" + l.framesSent();
            }
            case "clear-stall" -> {
                arity(w, 1);
                f.clearStall();
                return "ok: stall cleared at the pump";
            }
            case "rate-factor" -> {
                arity(w, 2);
                f.rateFactor(decimal(w[1], "rate factor"));
                return "ok: motor at " + w[1] + " x the programmed rate";
            }
            case "ignore-vtbi" -> {
                arity(w, 2);
                f.ignoreVtbi(onOff(w[1]));
                return "ok: ignore-vtbi " + w[1];
            }
            case "free-flow" -> {
                if (w.length == 2 && w[1].equalsIgnoreCase("off")) {
                    f.stopFreeFlow();
                    return "ok: free flow off";
                }
                if (w.length < 2 || w.length > 3) {
                    throw new IllegalArgumentException("usage: free-flow RATE(mL/h|uL/h) [seen|unseen] | free-flow off");
                }
                boolean seen = w.length == 3 && switch (w[2].toLowerCase(Locale.ROOT)) {
                    case "seen" -> true;
                    case "unseen" -> false;
                    default -> throw new IllegalArgumentException("free-flow visibility must be seen or unseen: " + w[2]);
                };
                long nlPerHour = flow(w[1]);
                f.freeFlow(nlPerHour, seen);
                return "ok: free flow " + nlPerHour + " nL/h, " + (seen ? "seen" : "unseen") + " by the pump";
            }
            case "under-report" -> {
                arity(w, 2);
                f.underReport(w[1].equalsIgnoreCase("off") ? BigDecimal.ONE : decimal(w[1], "reported fraction"));
                return "ok: DIS reports " + w[1] + " of the delivered volume";
            }
            case "status" -> {
                arity(w, 1);
                return pump.statusLine() + " faults=" + pump.faults().active().describe().replace(' ', ',');
            }
            case "truth" -> {
                arity(w, 1);
                DispensedVolume truth = pump.truth();
                DispensedVolume reported = pump.reportedDispensed();
                return "truth infused=" + truth.infusedNanolitres() + "nL withdrawn=" + truth.withdrawnNanolitres()
                        + "nL; pump reports infused=" + reported.infusedNanolitres() + "nL withdrawn="
                        + reported.withdrawnNanolitres() + "nL";
            }
            case "help" -> {
                return HELP;
            }
            default -> throw new IllegalArgumentException("unknown command '" + w[0] + "' (try 'help')");
        }
    }

    /** One line describing a snapshot. */
    public static String status(PumpSnapshot s) {
        return "status=" + (s.powered() ? String.valueOf(s.prompt().code()) : "OFF")
                + " alarm=" + s.latchedAlarm().map(a -> "A?" + a.code()).orElse("none")
                + " mode=" + (s.safeMode() ? "safe(SAF" + s.safSeconds() + (s.watchdogArmed() ? ",armed)" : ",not armed)") : "basic")
                + " address=" + s.address() + " baud=" + s.baud() + " diameter=" + s.diameterMm().toPlainString() + "mm"
                + " phase=" + s.executingPhase()
                + " rate=" + s.commandedRateNlPerHour() + "nL/h actual=" + s.actualRateNlPerHour() + "nL/h"
                + " infused(true)=" + s.truth().infusedNanolitres() + "nL infused(DIS)=" + s.reported().infusedNanolitres() + "nL"
                + " line=" + (s.lineHeld() ? "connected" : "free");
    }

    private static void arity(String[] w, int n) {
        if (w.length != n) {
            throw new IllegalArgumentException("'" + w[0] + "' takes " + (n - 1) + " argument" + (n == 2 ? "" : "s")
                    + ", got " + (w.length - 1) + " (try 'help')");
        }
    }

    /** Durations like 500ms, 10s, 2m, 1h. */
    public static Duration duration(String s) {
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("duration must look like 500ms, 10s, 2m or 1h: '" + s + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static long flow(String s) {
        Matcher m = FLOW.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("flow must look like 6mL/h or 250uL/h: '" + s + "'");
        }
        BigDecimal v = new BigDecimal(m.group(1));
        boolean ml = m.group(2).toLowerCase(Locale.ROOT).startsWith("m");
        return v.movePointRight(ml ? 6 : 3).longValueExact();
    }

    private static int integer(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number: '" + s + "'");
        }
    }

    private static BigDecimal decimal(String s, String what) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a decimal number: '" + s + "'");
        }
    }

    private static boolean onOff(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("expected on or off: '" + s + "'");
        };
    }
}
