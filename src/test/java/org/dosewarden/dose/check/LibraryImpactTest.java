package org.dosewarden.dose.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.library.RateWithTotal;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.AmountKind;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.DrugAmount;
import org.dosewarden.testing.CandidateLibraries;
import org.dosewarden.testing.Orders;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SR-L1: recorded programs replayed through a candidate library, on the shipped library's ketamine-psych entry. */
class LibraryImpactTest {

    static final DrugLibrary SHIPPED = Orders.LIBRARY;
    static final PumpCapability PUMP = PumpCapability.generic();
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    static Prescription ketamine(String patient, String mgPerKgPerHour) {
        return new Prescription(patient, Optional.empty(), BodyWeight.ofKilograms(70), "ketamine-psych", "psychiatry",
                Concentration.of("1", "mg/mL"), "dr-a", new RateWithTotal(DoseRate.of(mgPerKgPerHour, "mg/kg/h"),
                Dose.of(new BigDecimal("0.5"), "mg/kg")));
    }

    /** A program as the daemon would have recorded it: checked against the shipped library with {@code overrides}. */
    static RecordedProgram recorded(String session, Prescription p, CourseHistory history, LimitOverride... overrides) {
        ProgrammingDecision then = ProgrammingCheck.check(p, SHIPPED, PUMP, List.of(overrides), history).decision();
        return new RecordedProgram(session, "a", history.plannedStart(), p, PUMP, history, then, SHIPPED.version());
    }

    static CourseHistory noHistory(Instant at) {
        return new CourseHistory(at, List.of());
    }

    @Test
    @DisplayName("SR-L1: a program allowed then is REFUSED under a lower hard maximum; the limit and its message are named")
    void lowerHardMaximumRefuses() {
        RecordedProgram p = recorded("s1", ketamine("P-001", "1.2"), noHistory(T0));
        assertEquals(Outcome.ALLOWED, p.decisionThen().outcome(), p.decisionThen().toString());
        DrugLibrary candidate = CandidateLibraries.parse(CandidateLibraries.candidate("2026.1",
                CandidateLibraries.KETAMINE_RATE, "doseRate: {unit: mg/kg/h, softMin: 0.3, softMax: 0.9, hardMax: 1.0}"));
        LibraryImpact.Change c = LibraryImpact.replay(p, candidate).orElseThrow();
        assertEquals(Outcome.ALLOWED, c.before());
        assertEquals(Outcome.REFUSED, c.after());
        assertEquals(List.of("doseRate.hardMax"), c.limits());
        assertEquals("1 mg/kg/h", c.violations().getFirst().limit());
        assertEquals("1.2 mg/kg/h", c.violations().getFirst().requested());
        assertTrue(LibraryImpact.replay(recorded("s2", ketamine("P-002", "0.75"), noHistory(T0)), candidate).isEmpty(),
                "0.75 mg/kg/h is still allowed");
    }

    @Test
    @DisplayName("SR-L1: a tighter soft maximum makes a program need an override; an override given then for that "
            + "limit still counts")
    void tighterSoftMaximumNeedsOverride() {
        RecordedProgram plain = recorded("s1", ketamine("P-001", "1.2"), noHistory(T0));
        RecordedProgram overridden = recorded("s2", ketamine("P-002", "1.4"), noHistory(T0),
                new LimitOverride("doseRate.softMax", "KARE protocol, second week"));
        assertEquals(Outcome.ALLOWED, overridden.decisionThen().outcome(), overridden.decisionThen().toString());
        DrugLibrary candidate = CandidateLibraries.parse(CandidateLibraries.candidate("2026.1",
                CandidateLibraries.KETAMINE_RATE, "doseRate: {unit: mg/kg/h, softMin: 0.3, softMax: 1.0, hardMax: 1.6}"));
        List<LibraryImpact.Change> changes = LibraryImpact.changes(List.of(plain, overridden), candidate);
        assertEquals(1, changes.size(), changes.toString());
        LibraryImpact.Change c = changes.getFirst();
        assertEquals("s1", c.program().sessionId());
        assertEquals(Outcome.NEEDS_OVERRIDE, c.after());
        assertEquals(List.of("doseRate.softMax"), c.limits());
    }

    @Test
    @DisplayName("SR-L1, SR-K1: the course history as it stood then decides: a session 48 h after the last is refused "
            + "under a 72 h minimum interval, the first session is not")
    void courseHistoryAsItWas() {
        RecordedProgram first = recorded("s1", ketamine("P-001", "0.75"), noHistory(T0));
        Instant second = T0.plus(Duration.ofHours(48));
        CourseHistory history = new CourseHistory(second, List.of(new PreviousSession("P-001", "ketamine-psych", T0,
                T0.plus(Duration.ofMinutes(40)), DrugAmount.ofBase(AmountKind.MASS, 35_000))));
        RecordedProgram again = recorded("s2", ketamine("P-001", "0.75"), history);
        assertEquals(Outcome.ALLOWED, again.decisionThen().outcome(), again.decisionThen().toString());
        DrugLibrary candidate = CandidateLibraries.parse(CandidateLibraries.candidate("2026.1",
                CandidateLibraries.KETAMINE_INTERVAL, "interval: {hardMin: PT72H, softMin: PT96H}"));
        List<LibraryImpact.Change> changes = LibraryImpact.changes(List.of(first, again), candidate);
        assertEquals(1, changes.size(), changes.toString());
        assertEquals("s2", changes.getFirst().program().sessionId());
        assertEquals(Outcome.REFUSED, changes.getFirst().after());
        assertEquals(List.of("course.interval.hardMin"), changes.getFirst().limits());
    }

    @Test
    @DisplayName("SR-L1: the same limits under a new version change nothing; a loosened limit that held a program back "
            + "is named too")
    void sameLimitsChangeNothingLooserLimitsAreNamed() {
        RecordedProgram p = recorded("s1", ketamine("P-001", "1.2"), noHistory(T0));
        assertEquals(List.of(), LibraryImpact.changes(List.of(p), CandidateLibraries.parse(
                CandidateLibraries.candidate("2026.1"))));
        // A program that needed an override then (its decision kept without one) and would not now.
        RecordedProgram held = recorded("s2", ketamine("P-002", "1.4"), noHistory(T0));
        assertEquals(Outcome.NEEDS_OVERRIDE, held.decisionThen().outcome());
        DrugLibrary looser = CandidateLibraries.parse(CandidateLibraries.candidate("2026.1",
                CandidateLibraries.KETAMINE_RATE, "doseRate: {unit: mg/kg/h, softMin: 0.3, softMax: 1.5, hardMax: 1.6}"));
        LibraryImpact.Change c = LibraryImpact.replay(held, looser).orElseThrow();
        assertEquals(Outcome.NEEDS_OVERRIDE, c.before());
        assertEquals(Outcome.ALLOWED, c.after());
        assertEquals(List.of("doseRate.softMax"), c.limits());
    }
}
