package org.dosewarden.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.check.ProgrammingCheck;
import org.dosewarden.dose.check.ProgrammingResult;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.library.RateWithTotal;
import org.dosewarden.dose.library.StepProgram;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.library.DrugLibraryReader;
import org.dosewarden.library.LibraryReport;

/**
 * Cost of the dosing domain: loading the shipped drug library (parse, JSON Schema, mapping, lint with its
 * protocol checks) and one programming check (plan + every limit) for three prescription forms. Prints
 * mean and percentiles. Arguments: {@code --checks N} (default 200000), {@code --loads N} (default 200).
 */
public final class PlanBench {

    public static void main(String[] args) {
        int checks = 200_000;
        int loads = 200;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--checks") && i + 1 < args.length) {
                checks = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--loads") && i + 1 < args.length) {
                loads = Integer.parseInt(args[++i]);
            }
        }
        long[] loadSamples = new long[loads];
        DrugLibrary library = null;
        for (int i = 0; i < loads + 20; i++) {
            long t0 = System.nanoTime();
            LibraryReport r = DrugLibraryReader.readDefault();
            long t = System.nanoTime() - t0;
            library = r.library().orElseThrow();
            if (i >= 20) {
                loadSamples[i - 20] = t;
            }
        }
        report("library load (shipped, 10 entries, schema + lint)", loadSamples);

        PumpCapability pump = PumpCapability.generic();
        List<Prescription> rx = List.of(
                ketamine(new DoseOverTime(Dose.parse("0.5 mg/kg"), Duration.ofMinutes(40))),
                ketamine(new StepProgram(List.of(new DoseOverTime(Dose.parse("0.11 mg/kg"), Duration.ofMinutes(2)),
                        new DoseOverTime(Dose.parse("0.6 mg/kg"), Duration.ofMinutes(45))))),
                ketamine(new RateWithTotal(DoseRate.parse("2 mg/kg/h"), Dose.parse("0.5 mg/kg"))));
        for (int i = 0; i < 50_000; i++) {
            consume(ProgrammingCheck.check(rx.get(i % 3), library, pump, List.of()));
        }
        long[] samples = new long[checks];
        for (int i = 0; i < checks; i++) {
            Prescription p = rx.get(i % 3);
            long t0 = System.nanoTime();
            ProgrammingResult r = ProgrammingCheck.check(p, library, pump, List.of());
            samples[i] = System.nanoTime() - t0;
            consume(r);
        }
        report("programming check (dose over time / two steps / refused rate, round robin)", samples);
        System.out.println("  (sink " + sink + ")");
    }

    private static long sink;

    private static void consume(ProgrammingResult r) {
        sink += r.decision().violations().size() + r.infusion().map(i -> i.totalVolume().microlitres()).orElse(0L);
    }

    private static Prescription ketamine(org.dosewarden.dose.library.Dosing dosing) {
        return new Prescription("P-1", Optional.empty(), BodyWeight.parse("70.3kg"), "ketamine-psych", "psychiatry",
                Concentration.parse("1 mg/mL"), "dr-a", dosing);
    }

    private static void report(String what, long[] samples) {
        Arrays.sort(samples);
        double mean = Arrays.stream(samples).average().orElse(0);
        int n = samples.length;
        System.out.printf("%s: %d runs%n", what, n);
        System.out.printf("  mean %.1f us, p50 %.1f us, p99 %.1f us, max %.1f us%n", mean / 1000, samples[n / 2] / 1000.0,
                samples[(int) (n * 0.99)] / 1000.0, samples[n - 1] / 1000.0);
    }
}
