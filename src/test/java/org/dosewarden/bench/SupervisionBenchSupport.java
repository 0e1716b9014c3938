package org.dosewarden.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.dosewarden.channel.BenchChannels;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.channel.ChannelSupervisor;
import org.dosewarden.channel.ClinicianIntent;
import org.dosewarden.channel.ClinicianIntent.ClinicianAction;
import org.dosewarden.channel.IntentResult;
import org.dosewarden.channel.ProgramOrder;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.check.ProgrammingCheck;
import org.dosewarden.dose.check.ProgrammingResult;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.Dosing;
import org.dosewarden.dose.library.RateWithTotal;
import org.dosewarden.dose.library.StepProgram;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.Moment;
import org.dosewarden.safety.VitalValue;
import org.dosewarden.testing.Orders;

/**
 * What the supervision benchmarks (reaction, overshoot, journal replay, 32 channels) share: real program
 * orders through the real programming check, clinician intents handed to a stepped channel, percentiles.
 */
final class SupervisionBenchSupport {

    static final String USER = "bench-clinician";

    private SupervisionBenchSupport() {
    }

    /**
     * ketamine-psych as a dose rate with a total, at 1 mg/mL, for a patient of {@code kg}. Soft limits the
     * short bench session breaks are overridden with a reason; a hard limit stops the benchmark.
     */
    static ProgramOrder ketamineRate(PumpCapability pump, int kg, String mgPerKgPerHour, String totalMgPerKg) {
        return order(pump, kg, new RateWithTotal(DoseRate.of(mgPerKgPerHour, "mg/kg/h"),
                Dose.of(new BigDecimal(totalMgPerKg), "mg/kg")));
    }

    /** The library's two-step program shape (loading step first), each step a dose over a duration. */
    static ProgramOrder ketamineSteps(PumpCapability pump, int kg, List<DoseOverTime> steps) {
        return order(pump, kg, new StepProgram(steps));
    }

    static DoseOverTime step(String mgPerKg, Duration duration) {
        return new DoseOverTime(Dose.of(new BigDecimal(mgPerKg), "mg/kg"), duration);
    }

    private static ProgramOrder order(PumpCapability pump, int kg, Dosing dosing) {
        Prescription prescription = new Prescription("P-BENCH", Optional.of("bay-1"), BodyWeight.ofKilograms(kg),
                "ketamine-psych", "psychiatry", Concentration.of("1", "mg/mL"), "dr-bench", dosing);
        ProgrammingResult first = ProgrammingCheck.check(prescription, Orders.LIBRARY, pump, List.of());
        List<LimitOverride> overrides = first.decision().violations().stream()
                .filter(v -> !v.hard()).map(v -> new LimitOverride(v.limitId(), "benchmark session")).toList();
        ProgrammingResult result = ProgrammingCheck.check(prescription, Orders.LIBRARY, pump, overrides);
        if (!result.decision().permitsStart()) {
            throw new IllegalStateException("benchmark order refused by the programming check: " + result.decision());
        }
        String json = "{\"patientId\":\"P-BENCH\",\"concentration\":{\"value\":1,\"unit\":\"mg/mL\"}}";
        return new ProgramOrder(result.infusion().orElseThrow(), result.decision(), json);
    }

    /** Hands an intent to a stepped channel, runs one cycle (which carries it out) and returns the answer. */
    static IntentResult act(ChannelSupervisor channel, TimeSource time, ClinicianAction action) {
        var answer = channel.submit(new ClinicianIntent(USER, "bench", time.wallTime(),
                time.monotonicNanos() + Duration.ofSeconds(30).toNanos(), action));
        BenchChannels.cycle(channel);
        IntentResult result = answer.join();
        if (!(result instanceof IntentResult.Accepted)) {
            throw new IllegalStateException(action.name() + " was not accepted: " + result);
        }
        return result;
    }

    /** Program and start (vitals gate overridden: no monitor on a bench) on a stepped channel. */
    static void programAndStart(ChannelSupervisor channel, TimeSource time, ProgramOrder order) {
        act(channel, time, new ClinicianAction.Program(order));
        act(channel, time, new ClinicianAction.Start(List.of(
                new LimitOverride(ClinicianAction.Start.VITALS_GATE, "benchmark: no monitor"))));
        String state = channel.snapshot().infusionState();
        if (!state.equals("RUNNING")) {
            throw new IllegalStateException("expected RUNNING after start, channel is " + channel.snapshot());
        }
    }

    /** Acknowledges every unacknowledged alarm and ends the session, back to IDLE. */
    static void acknowledgeAndEnd(ChannelSupervisor channel, TimeSource time) {
        for (ChannelSnapshot.AlarmView alarm : channel.snapshot().activeAlarms()) {
            if (alarm.latched() && alarm.acknowledgedBy() == null) {
                act(channel, time, new ClinicianAction.AcknowledgeAlarm(alarm.id()));
            }
        }
        act(channel, time, new ClinicianAction.End("benchmark trial over"));
    }

    /** A bedside monitor's reading: heart rate, SpO2 and respiratory rate, with blood pressure when asked. */
    static Event vitals(Moment at, boolean withBloodPressure) {
        List<VitalValue> values = new ArrayList<>(List.of(VitalValue.of(VitalSign.HEART_RATE, 74),
                VitalValue.of(VitalSign.SPO2, 98), VitalValue.of(VitalSign.RESPIRATORY_RATE, 14)));
        if (withBloodPressure) {
            values.add(VitalValue.of(VitalSign.SYSTOLIC_BP, 128));
            values.add(VitalValue.of(VitalSign.DIASTOLIC_BP, 80));
        }
        return new Event.VitalsReading(at, values);
    }

    /** p-th percentile (nearest rank) of already sorted values. */
    static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String microsSummary(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "n=%d min=%.0f p50=%.0f p90=%.0f p99=%.0f max=%.0f us", s.length,
                s[0] / 1e3, percentile(s, 50) / 1e3, percentile(s, 90) / 1e3, percentile(s, 99) / 1e3,
                s[s.length - 1] / 1e3);
    }

    static String fileSystemOf(Path dir) {
        try {
            return Files.getFileStore(dir).type();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** The machine's load averages, as {@code uptime} prints them (benchmarks on a shared machine say so). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2] + " (1/5/15 min), " + Runtime.getRuntime().availableProcessors()
                    + " CPUs";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
