package org.dosewarden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.pump.PumpDriver;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.PumpIdentity;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.newera.NeDriver;
import org.dosewarden.pump.newera.NeFrames;
import org.dosewarden.pump.newera.NeMapping;
import org.dosewarden.pump.newera.NeReply;
import org.dosewarden.pump.profile.DeviceProfile;
import org.dosewarden.pump.profile.DeviceProfileException;
import org.dosewarden.pump.profile.DeviceProfiles;
import org.dosewarden.pump.wiring.PumpDrivers;
import org.dosewarden.pump.wiring.TransportFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import org.dosewarden.json.JsonMappers;

/**
 * {@code dosewarden pump}: commissioning tool for biomedical engineers. Each invocation opens the link,
 * re-syncs with the pump (detecting basic or safe framing), runs one command, prints the result and
 * closes. Exit codes are listed in {@code docs/pump.md} and {@link Exit}.
 */
@Command(
        name = "pump",
        mixinStandardHelpOptions = true,
        description = {
            "Talk to one pump directly (commissioning): identify it, read its status, program a syringe, rate and",
            "volume to be infused, run, pause, stop, read or clear the delivered volume, arm the watchdog, or send",
            "a raw command. Not for use while the daemon drives the same pump.",
            "The options may come before or after the command: pump --port /tmp/pump0 identify --json."},
        footer = {"",
            "Exit codes: 0 ok, 2 bad input, 3 profile error, 4 link lost or port unusable, 5 no reply (timeout),",
            "6 pump refused the command, 7 pump alarm, 8 read-back mismatch or unreadable reply."},
        subcommandsRepeatable = false)
public final class CommissioningCommand implements Callable<Integer> {

    /** Process exit codes; stable, documented in docs/pump.md. */
    public static final class Exit {
        public static final int OK = 0;
        public static final int BAD_INPUT = 2;
        public static final int PROFILE = 3;
        public static final int LINK = 4;
        public static final int TIMEOUT = 5;
        public static final int REFUSED = 6;
        public static final int ALARM = 7;
        public static final int VERIFICATION = 8;

        private Exit() {}
    }

    private static final ObjectMapper JSON = JsonMappers.json();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", required = true, scope = ScopeType.INHERIT, paramLabel = "ID",
            description = "device profile id, e.g. newera-ne1000 or sim-ne1000")
    String profileId;

    @Option(names = "--port", scope = ScopeType.INHERIT, paramLabel = "PATH",
            description = "serial device or pty link (/dev/ttyUSB0, /tmp/pump0), tcp://host:port, or sim: "
                    + "(default: the profile's defaultPort)")
    String port;

    @Option(names = "--address", scope = ScopeType.INHERIT, paramLabel = "N", description = "pump address 0..99 (default: the profile's)")
    Integer address;

    @Option(names = "--baud", scope = ScopeType.INHERIT, paramLabel = "B", description = "baud rate (default: the profile's; must be allowed by it)")
    Integer baud;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print results (and errors) as one JSON object on standard output")
    boolean json;

    @Option(names = "--profiles-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "directory of device profiles (default: $DOSEWARDEN_DEVICE_PROFILES or ./device-profiles)")
    Path profilesDir;

    /** Tests inject a time source and a transport factory (with a sim: provider); production uses the defaults. */
    TimeSource time = TimeSource.system();
    TransportFactory transports;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Exit.BAD_INPUT;
    }

    // --- commands ----------------------------------------------------------------------------------

    @Command(name = "identify", mixinStandardHelpOptions = true, description = "model and firmware")
    int identify() {
        return run((d, out) -> {
            PumpIdentity id = d.identify();
            out.put("model", id.model());
            out.put("firmware", id.firmware());
            return "model " + id.model() + ", firmware " + id.firmware();
        });
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "mode (STOPPED, RUNNING, PAUSED, ...) and any alarm")
    int status() {
        return run((d, out) -> CommissioningReport.status(d.status(), out));
    }

    @Command(name = "set-syringe", mixinStandardHelpOptions = true, description = "program the syringe's inside diameter (pump stopped)")
    int setSyringe(
            @Parameters(arity = "0..1", paramLabel = "ID", description = "syringe id from the profile's table") String syringeId,
            @Option(names = "--diameter", paramLabel = "MM", description = "inside diameter in mm instead of an id")
                    BigDecimal diameterMm) {
        if ((syringeId == null) == (diameterMm == null)) {
            return badInput("set-syringe needs either a syringe id or --diameter MM (not both)");
        }
        return run((d, out) -> {
            DeviceProfile p = profile;
            SyringeDiameter wanted;
            Optional<Volume> volume = Optional.empty();
            if (syringeId != null) {
                DeviceProfile.Syringe s = p.requireSyringe(syringeId);
                wanted = s.diameter();
                volume = Optional.of(s.volume());
                out.put("syringe", s.id());
            } else {
                wanted = new SyringeDiameter(diameterMm);
            }
            p.requireDiameter(wanted);
            SyringeDiameter confirmed = d.configureDiameter(wanted);
            out.put("diameterMm", confirmed.millimetres());
            String text = "diameter " + confirmed;
            if (volume.isPresent()) {
                PumpCapability c = p.capability(confirmed, volume.get());
                out.put("minRateMlPerHour", c.minRate().millilitresPerHour());
                out.put("maxRateMlPerHour", c.maxRate().millilitresPerHour());
                out.put("rateStepMlPerHour", c.rateStep().millilitresPerHour());
                out.put("maxVtbiMl", c.maxVolumeToBeInfused().millilitres());
                text += " (" + syringeId + "; rates " + c.minRate() + " .. " + c.maxRate() + " in steps of "
                        + c.rateStep() + ", volume up to " + c.maxVolumeToBeInfused() + ")";
            }
            return text;
        });
    }

    @Command(name = "set-rate", mixinStandardHelpOptions = true, description = "program the rate, e.g. 10mL/h, 250uL/min (rounded down, never up)")
    int setRate(@Parameters(paramLabel = "RATE") String rateText) {
        FlowRate rate;
        try {
            rate = CommissioningQuantities.parseRate(rateText);
        } catch (IllegalArgumentException e) {
            return badInput(e.getMessage());
        }
        return run((d, out) -> {
            FlowRate confirmed = d.setRate(rate);
            out.put("requestedMlPerHour", rate.millilitresPerHour());
            out.put("rateMlPerHour", confirmed.millilitresPerHour());
            return "rate " + confirmed + (confirmed.equals(rate) ? "" : " (requested " + rate + ", rounded down)");
        });
    }

    @Command(name = "set-vtbi", aliases = "set-target", mixinStandardHelpOptions = true, description = "program the volume to be infused (New Era: VTBI; Ultra: the target volume), e.g. 5mL or 750uL (0 = no limit)")
    int setVtbi(@Parameters(paramLabel = "VOLUME") String volumeText) {
        Volume volume;
        try {
            volume = CommissioningQuantities.parseVolume(volumeText);
        } catch (IllegalArgumentException e) {
            return badInput(e.getMessage());
        }
        return run((d, out) -> {
            Volume confirmed = d.setVolumeToBeInfused(volume);
            out.put("requestedMl", volume.millilitres());
            out.put("vtbiMl", confirmed.millilitres());
            return "volume to be infused " + confirmed + (confirmed.equals(volume) ? "" : " (requested " + volume
                    + ", rounded down)");
        });
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "start (or resume) the pumping program")
    int runPump() {
        return run((d, out) -> CommissioningReport.status(d.start(), out));
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "pause a running program")
    int pause() {
        return run((d, out) -> CommissioningReport.status(d.pause(), out));
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "stop the program")
    int stop() {
        return run((d, out) -> CommissioningReport.status(d.stop(), out));
    }

    @Command(name = "dispensed", mixinStandardHelpOptions = true, description = "volume infused and withdrawn since last cleared")
    int dispensed() {
        return run((d, out) -> CommissioningReport.delivered(d.readDelivered(), out));
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "clear the infused and withdrawn totals")
    int clear() {
        return run((d, out) -> {
            d.clearDelivered();
            return "cleared; " + CommissioningReport.delivered(d.readDelivered(), out);
        });
    }

    @Command(name = "watchdog", mixinStandardHelpOptions = true, description = "arm the pump's communications watchdog (0 = off, basic mode)")
    int watchdog(@Parameters(paramLabel = "SECONDS") int seconds) {
        if (seconds < 0 || seconds > 255) {
            return badInput("watchdog SECONDS must be 0 (off) or 1..255, was " + seconds);
        }
        return run((d, out) -> {
            if (seconds == 0) {
                d.disarmWatchdog();
            } else {
                d.armWatchdog(Duration.ofSeconds(seconds));
            }
            out.put("watchdogSeconds", seconds);
            if (d instanceof NeDriver ne) {
                out.put("framing", ne.framing().name());
            }
            return seconds == 0 ? "watchdog off (basic mode)"
                    : "watchdog armed: " + seconds + " s. The pump now stops itself and alarms (COMM_TIMEOUT) if no valid "
                            + "packet arrives for " + seconds + " s, so it will do so after this command exits unless "
                            + "something keeps talking to it. 'watchdog 0' turns it off.";
        });
    }

    @Command(name = "raw", mixinStandardHelpOptions = true, description = "send one command as is (address added unless TEXT starts with a digit or *)")
    int raw(@Parameters(paramLabel = "TEXT") String text) {
        return run((d, out) -> {
            if (!(d instanceof NeDriver ne)) {
                throw new IllegalArgumentException("raw is only available for the New Era family");
            }
            NeReply reply = ne.raw(text);
            out.put("reply", reply.payload());
            out.put("framing", ne.framing().name());
            if (reply instanceof NeReply.Alarm a) {
                out.put("alarm", NeMapping.alarmOf(a.alarm()).name());
            }
            return NeFrames.printable(reply.payload()) + " (" + ne.framing().name().toLowerCase(Locale.ROOT) + " framing)";
        });
    }

    // --- plumbing ----------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Action {
        /** Runs the command, fills the JSON object and returns the human-readable line. */
        String apply(PumpDriver driver, ObjectNode out) throws PumpException;
    }

    private DeviceProfile profile;

    private int run(Action action) {
        try {
            DeviceProfiles profiles = profilesDir != null ? DeviceProfiles.in(profilesDir) : DeviceProfiles.standard();
            profile = profiles.load(profileId);
        } catch (DeviceProfileException e) {
            return fail(Exit.PROFILE, "PROFILE", e.getMessage());
        }
        PumpDriver driver;
        try {
            driver = PumpDrivers.create(profile, Optional.ofNullable(port), Optional.ofNullable(address),
                    Optional.ofNullable(baud), time, transports != null ? transports : TransportFactory.standard());
        } catch (IllegalArgumentException e) {
            return badInput(e.getMessage());
        }
        CommissioningReport report = report();
        ObjectNode out = JSON.createObjectNode();
        try (driver) {
            driver.connect();
            String text = action.apply(driver, out);
            return report.result(out, text, driver.takeAlarms());
        } catch (PumpException e) {
            return report.failure(e, driver.takeAlarms());
        } catch (IllegalArgumentException e) {
            return badInput(e.getMessage());
        }
    }

    private CommissioningReport report() {
        return new CommissioningReport(spec.commandLine().getOut(), spec.commandLine().getErr(), json);
    }

    private int badInput(String message) {
        return fail(Exit.BAD_INPUT, "BAD_INPUT", message);
    }

    private int fail(int code, String kind, String message) {
        return report().fail(code, kind, message);
    }
}
