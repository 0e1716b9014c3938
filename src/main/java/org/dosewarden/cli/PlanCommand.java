package org.dosewarden.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.check.Outcome;
import org.dosewarden.dose.check.ProgrammingCheck;
import org.dosewarden.dose.check.ProgrammingDecision;
import org.dosewarden.dose.check.ProgrammingResult;
import org.dosewarden.dose.check.Violation;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.Dosing;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.library.RateForDuration;
import org.dosewarden.dose.library.RateWithTotal;
import org.dosewarden.dose.library.Severity;
import org.dosewarden.dose.library.StepProgram;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.plan.ProgrammedInfusion;
import org.dosewarden.dose.plan.ProgrammedStep;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.DurationText;
import org.dosewarden.dose.quantity.UnitException;
import org.dosewarden.library.DrugLibraryReader;
import org.dosewarden.library.InvalidDrugLibraryException;
import org.dosewarden.library.PlanJson;
import org.dosewarden.library.PrescriptionFormatException;
import org.dosewarden.library.PrescriptionJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.dosewarden.json.JsonMappers;

/**
 * {@code dosewarden plan}: checks a prescription against the drug library and shows the pump plan, without
 * a daemon or a pump. Exit 0 ALLOWED, 3 NEEDS_OVERRIDE, 4 REFUSED, 2 bad input.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a prescription against the drug library and print the pump plan (rate, volume to be infused,",
            "duration per step, session totals) and the decision.",
            "Exit codes: 0 ALLOWED, 3 NEEDS_OVERRIDE, 4 REFUSED, 2 bad input.",
            "Examples:",
            "  dosewarden plan --weight 70kg --drug ketamine-psych --concentration 1mg/mL --dose 0.5mg/kg --over 40min",
            "  dosewarden plan --weight 70kg --drug ketamine-psych --concentration 1mg/mL --step 0.11mg/kg/2min --step 0.6mg/kg/50min",
            "  dosewarden plan --weight 70kg --drug propofol --concentration 10mg/mL --dose-rate 50mcg/kg/min --over 1h",
            "  dosewarden plan --prescription rx.json --json"})
public final class PlanCommand implements Callable<Integer> {

    public static final int EXIT_ALLOWED = 0;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_NEEDS_OVERRIDE = 3;
    public static final int EXIT_REFUSED = 4;

    /** The pump assumed when no {@code --profile} is given. */
    public static final String GENERIC_PROFILE = "generic";

    @Spec
    CommandSpec spec;

    @Option(names = "--weight", paramLabel = "WEIGHT", description = "Body weight, e.g. 70kg or 70.5kg.")
    String weight;

    @Option(names = "--drug", paramLabel = "ID", description = "Drug-library entry id, e.g. ketamine-psych.")
    String drug;

    @Option(names = "--care-area", paramLabel = "ID",
            description = "Care area of the entry (needed only when the drug id is in several care areas).")
    String careArea;

    @Option(names = "--concentration", paramLabel = "CONC", description = "Concentration, e.g. 1mg/mL, 4mcg/mL, 50units/mL.")
    String concentration;

    @Option(names = "--dose", paramLabel = "DOSE", description = "Dose over time (with --over), e.g. 0.5mg/kg.")
    String dose;

    @Option(names = {"--over", "--duration"}, paramLabel = "DURATION",
            description = "Duration for --dose or --dose-rate, e.g. 40min, 1.5h, PT40M.")
    String over;

    @Option(names = "--step", paramLabel = "DOSE/DURATION",
            description = "A program step (repeat in order), e.g. --step 0.11mg/kg/2min --step 0.6mg/kg/50min.")
    List<String> steps = new ArrayList<>();

    @Option(names = "--dose-rate", paramLabel = "RATE", description = "Continuous dose rate (with --total or --over), e.g. 0.75mg/kg/h.")
    String doseRate;

    @Option(names = "--total", paramLabel = "DOSE", description = "Total dose for --dose-rate, e.g. 0.5mg/kg.")
    String total;

    @Option(names = "--prescription", paramLabel = "FILE.json",
            description = "Read the whole prescription from a JSON file (the wire shape, see docs/prescriptions.md).")
    Path prescriptionFile;

    @Option(names = "--patient", paramLabel = "ID", defaultValue = "unnamed", description = "Patient id. Default: ${DEFAULT-VALUE}")
    String patient;

    @Option(names = "--prescriber", paramLabel = "ID", defaultValue = "cli", description = "Prescriber. Default: ${DEFAULT-VALUE}")
    String prescriber;

    @Option(names = "--profile", paramLabel = "ID", defaultValue = GENERIC_PROFILE,
            description = "Pump: a device-profile id (device-profiles/ID.yaml, e.g. newera-ne1000, with --syringe), or "
                    + "'generic' (0.1-1200 mL/h in 0.1 mL/h steps, VTBI up to 60 mL in 0.01 mL steps). Default: ${DEFAULT-VALUE}")
    String profile;

    @Option(names = "--syringe", paramLabel = "ID", description = "Syringe from the device profile's table, e.g. bd-plastic-60ml (with --profile).")
    String syringe;

    @Option(names = "--library", paramLabel = "FILE", description = "Drug library file. Default: the library shipped in the jar.")
    String library;

    @Option(names = "--override", paramLabel = "LIMIT=REASON",
            description = "Override a soft limit with a reason (repeatable), e.g. --override 'doseRate.softMax=tolerated before'.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            DrugLibrary lib = loadLibrary();
            PumpCapability pump = PumpProfiles.capability(profile, Optional.ofNullable(syringe));
            List<LimitOverride> ovs = parseOverrides();
            Prescription p = prescriptionFile != null ? fromFile() : fromOptions(lib);
            ProgrammingResult result = ProgrammingCheck.check(p, lib, pump, ovs);
            print(p, lib, pump, result);
            return switch (result.decision().outcome()) {
                case ALLOWED -> EXIT_ALLOWED;
                case NEEDS_OVERRIDE -> EXIT_NEEDS_OVERRIDE;
                case REFUSED -> EXIT_REFUSED;
            };
        } catch (BadInput | UnitException | PrescriptionFormatException | InvalidDrugLibraryException e) {
            err.println("error: " + e.getMessage());
            return EXIT_BAD_INPUT;
        } catch (UnknownDrug e) {
            print(e.result);
            return EXIT_REFUSED;
        }
    }

    /** Input the command cannot use; exit 2. */
    static final class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message);
        }
    }

    /** The drug is in no care area of the library: refused (a decision, not a usage error). */
    private static final class UnknownDrug extends RuntimeException {
        final ProgrammingResult result;

        UnknownDrug(ProgrammingResult result) {
            super(result.decision().violations().getFirst().message(), null, false, false);
            this.result = result;
        }
    }

    private DrugLibrary loadLibrary() {
        String location = library == null ? DrugLibraryReader.DEFAULT_LOCATION : library;
        try {
            return DrugLibraryReader.load(location);
        } catch (NoSuchFileException e) {
            throw new BadInput("drug library " + location + " does not exist");
        } catch (IOException e) {
            throw new BadInput("drug library " + location + " cannot be read: " + e.getMessage());
        }
    }

    private List<LimitOverride> parseOverrides() {
        List<LimitOverride> list = new ArrayList<>();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0 || eq == o.length() - 1) {
                throw new BadInput("--override '" + o + "' is not LIMIT=REASON, e.g. doseRate.softMax=tolerated before");
            }
            list.add(new LimitOverride(o.substring(0, eq).trim(), o.substring(eq + 1).trim()));
        }
        return list;
    }

    private Prescription fromFile() {
        List<String> conflicting = new ArrayList<>();
        for (Object[] opt : new Object[][] {{"--weight", weight}, {"--drug", drug}, {"--care-area", careArea},
                {"--concentration", concentration}, {"--dose", dose}, {"--over", over}, {"--dose-rate", doseRate},
                {"--total", total}}) {
            if (opt[1] != null) {
                conflicting.add((String) opt[0]);
            }
        }
        if (!steps.isEmpty()) {
            conflicting.add("--step");
        }
        if (!conflicting.isEmpty()) {
            throw new BadInput("--prescription carries the whole prescription; drop " + String.join(", ", conflicting));
        }
        String text;
        try {
            text = Files.readString(prescriptionFile);
        } catch (IOException e) {
            throw new BadInput("prescription file " + prescriptionFile + " cannot be read: " + e.getMessage());
        }
        return PrescriptionJson.parse(text);
    }

    private Prescription fromOptions(DrugLibrary lib) {
        require(weight, "--weight");
        require(drug, "--drug");
        require(concentration, "--concentration");
        BodyWeight w = option("--weight", () -> BodyWeight.parse(weight));
        Concentration c = option("--concentration", () -> Concentration.parse(concentration));
        Dosing dosing = dosing();
        String area = careArea != null ? careArea : careAreaOf(lib);
        return new Prescription(patient, Optional.empty(), w, drug, area, c, prescriber, dosing);
    }

    private Dosing dosing() {
        boolean doseForm = dose != null;
        boolean stepForm = !steps.isEmpty();
        boolean rateForm = doseRate != null;
        int forms = (doseForm ? 1 : 0) + (stepForm ? 1 : 0) + (rateForm ? 1 : 0);
        if (forms != 1) {
            throw new BadInput(forms == 0
                    ? "say how much drug: --dose DOSE --over DURATION, or --step DOSE/DURATION (repeated), or --dose-rate RATE with --total DOSE or --over DURATION"
                    : "give only one of --dose, --step, --dose-rate");
        }
        if (doseForm) {
            require(over, "--over (with --dose)");
            if (total != null) {
                throw new BadInput("--total goes with --dose-rate, not --dose");
            }
            return new DoseOverTime(option("--dose", () -> Dose.parse(dose)), option("--over", () -> DurationText.parse(over)));
        }
        if (stepForm) {
            if (over != null || total != null) {
                throw new BadInput("--step carries its own duration; drop --over/--total");
            }
            List<DoseOverTime> list = new ArrayList<>();
            for (String s : steps) {
                int slash = s.lastIndexOf('/');
                if (slash <= 0) {
                    throw new BadInput("--step '" + s + "' is not DOSE/DURATION, e.g. 0.11mg/kg/2min");
                }
                list.add(new DoseOverTime(option("--step " + s, () -> Dose.parse(s.substring(0, slash))),
                        option("--step " + s, () -> DurationText.parse(s.substring(slash + 1)))));
            }
            return new StepProgram(list);
        }
        DoseRate rate = option("--dose-rate", () -> DoseRate.parse(doseRate));
        if ((total == null) == (over == null)) {
            throw new BadInput("--dose-rate needs exactly one of --total DOSE or --over DURATION");
        }
        return total != null
                ? option("--total", () -> new RateWithTotal(rate, Dose.parse(total)))
                : option("--over", () -> new RateForDuration(rate, DurationText.parse(over)));
    }

    private String careAreaOf(DrugLibrary lib) {
        List<DrugEntry> entries = lib.entriesWithId(drug);
        if (entries.size() == 1) {
            return entries.getFirst().careArea();
        }
        if (entries.size() > 1) {
            throw new BadInput("drug '" + drug + "' is in several care areas (" + entries.stream().map(DrugEntry::careArea)
                    .collect(Collectors.joining(", ")) + "); name one with --care-area");
        }
        Violation v = new Violation("drug.unknown", Severity.HARD, "", drug, "Drug '" + drug + "' is not in drug library "
                + lib.version() + "; entries: " + lib.careAreas().stream().flatMap(a -> a.entries().stream())
                .map(DrugEntry::id).distinct().collect(Collectors.joining(", ")));
        throw new UnknownDrug(new ProgrammingResult(new ProgrammingDecision(Outcome.REFUSED, List.of(v), Optional.of(v),
                List.of()), Optional.empty()));
    }

    /** The value, or a {@link BadInput} that names the option. */
    private static <T> T option(String option, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new BadInput(option + ": " + e.getMessage());
        }
    }

    private static void require(String value, String option) {
        if (value == null) {
            throw new BadInput("missing " + option);
        }
    }

    private void print(ProgrammingResult result) {
        print(null, null, null, result);
    }

    private void print(Prescription p, DrugLibrary lib, PumpCapability pump, ProgrammingResult result) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try {
                out.println(JsonMappers.json().writerWithDefaultPrettyPrinter().writeValueAsString(PlanJson.toJson(result)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            out.flush();
            return;
        }
        if (p != null && lib != null) {
            String entry = lib.entry(p.careArea(), p.drugId()).map(DrugEntry::describe).orElse(p.drugId() + " (" + p.careArea() + ")");
            out.println(entry + ", " + p.weight() + ", " + p.concentration().display() + " — " + p.dosing());
            out.println("drug library " + lib.version() + ", pump " + profile + " (" + pump.minRate() + " to " + pump.maxRate()
                    + ", VTBI up to " + pump.maxVolumeToBeInfused() + ")");
        }
        if (result.infusion().isPresent()) {
            ProgrammedInfusion inf = result.infusion().get();
            int i = 1;
            for (ProgrammedStep s : inf.steps()) {
                PlannedStep ps = s.planned();
                out.println("  step " + i++ + ": " + ps.rate() + ", VTBI " + ps.volumeToBeInfused() + ", "
                        + DurationText.display(roundToSecond(ps.expectedDuration())) + " (" + s.dose().display() + ")"
                        + (s.rateCap().equals(ProgrammedStep.PRESCRIPTION) ? "" : ", rate capped by " + s.rateCap())
                        + (s.volumeCap().equals(ProgrammedStep.PRESCRIPTION) ? "" : ", volume capped by " + s.volumeCap()));
            }
            out.println("  total: " + inf.totalDose().display() + " in " + inf.totalVolume() + " over "
                    + DurationText.display(roundToSecond(inf.plan().expectedDuration()))
                    + (inf.highAlert() ? " — high-alert drug: a second clinician must confirm" : ""));
        } else {
            out.println("  no plan");
        }
        ProgrammingDecision d = result.decision();
        out.println("decision: " + d.outcome());
        for (Violation v : d.violations()) {
            boolean overridden = d.overrides().stream().anyMatch(o -> o.limitId().equals(v.limitId())) && !v.hard();
            out.println("  " + v.severity() + " " + v.limitId() + (overridden ? " (overridden)" : "") + ": " + v.message());
        }
        d.mostLimiting().ifPresent(v -> out.println("  most limiting: " + v.limitId()));
        if (d.outcome() == Outcome.NEEDS_OVERRIDE) {
            out.println("  override each soft limit with a reason: "
                    + d.pendingOverrides().stream().map(v -> "--override '" + v.limitId() + "=REASON'").distinct()
                    .collect(Collectors.joining(" ")));
        }
        out.flush();
    }

    /** Display only: the expected duration is rounded UP to the nanosecond by the planner; show whole seconds. */
    private static Duration roundToSecond(Duration d) {
        return d.getNano() == 0 ? d : Duration.ofSeconds(d.getSeconds() + 1);
    }
}
