package org.dosewarden.dose.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.plan.GoldenPlanTest;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DrugAmount;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SR-K1 against the shipped ketamine-psych course limits: interval soft 44 h / hard 20 h, sessions soft 6 / hard 8, 7-day dose soft 2.4 / hard 3 mg/kg. */
class CourseCheckTest {

    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final Prescription STANDARD = GoldenPlanTest.ketamine("70kg", "1mg/mL",
            new DoseOverTime(Dose.parse("0.5mg/kg"), Duration.ofMinutes(40)));

    static PreviousSession session(String patient, String drug, Instant end, String delivered) {
        return new PreviousSession(patient, drug, end.minus(Duration.ofMinutes(40)), end, DrugAmount.parse(delivered));
    }

    static ProgrammingDecision check(Prescription p, List<PreviousSession> history, LimitOverride... overrides) {
        return ProgrammingCheck.check(p, GoldenPlanTest.LIBRARY, GoldenPlanTest.PUMP, List.of(overrides),
                Optional.of(new CourseHistory(START, history))).decision();
    }

    static List<String> ids(ProgrammingDecision d) {
        return d.violations().stream().map(Violation::limitId).toList();
    }

    @Test
    @DisplayName("SR-K1: a first session, and one two days after the last, are allowed")
    void firstAndWellSpacedSessionsAllowed() {
        assertEquals(Outcome.ALLOWED, check(STANDARD, List.of()).outcome());
        assertEquals(Outcome.ALLOWED, check(STANDARD, List.of(session("P-001", "ketamine-psych", START.minus(Duration.ofHours(48)), "35 mg")))
                .outcome());
    }

    @Test
    @DisplayName("SR-K1: a session 30 h after the previous needs an override; 10 h after is refused")
    void minimumInterval() {
        ProgrammingDecision soon = check(STANDARD, List.of(session("P-001", "ketamine-psych", START.minus(Duration.ofHours(30)), "35 mg")));
        assertEquals(Outcome.NEEDS_OVERRIDE, soon.outcome());
        assertEquals(List.of("course.interval.softMin"), ids(soon));
        assertEquals("Time since the previous session 30 h is below the soft minimum 44 h for ketamine — psychiatric session (psychiatry)",
                soon.violations().getFirst().message());
        assertEquals(Outcome.ALLOWED, check(STANDARD, List.of(session("P-001", "ketamine-psych", START.minus(Duration.ofHours(30)), "35 mg")),
                new LimitOverride("course.interval.softMin", "travel; agreed with the patient")).outcome());

        ProgrammingDecision tooSoon = check(STANDARD, List.of(session("P-001", "ketamine-psych", START.minus(Duration.ofHours(10)), "35 mg")));
        assertEquals(Outcome.REFUSED, tooSoon.outcome());
        assertEquals(List.of("course.interval.hardMin", "course.interval.softMin"), ids(tooSoon));
    }

    @Test
    @DisplayName("SR-K1: the 7th session needs an override, the 9th is refused; other patients and drugs do not count")
    void sessionsPerCourse() {
        List<PreviousSession> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(session("P-001", "ketamine-psych", START.minus(Duration.ofDays(3L * (i + 3))), "35 mg"));
        }
        six.add(session("P-002", "ketamine-psych", START.minus(Duration.ofDays(3)), "35 mg"));
        six.add(session("P-001", "ketamine-anaes", START.minus(Duration.ofDays(3)), "35 mg"));
        ProgrammingDecision seventh = check(STANDARD, six);
        assertEquals(List.of("course.sessions.softMax"), ids(seventh));
        assertEquals("7", seventh.violations().getFirst().requested());

        List<PreviousSession> eight = new ArrayList<>(six);
        eight.add(session("P-001", "ketamine-psych", START.minus(Duration.ofDays(40)), "35 mg"));
        eight.add(session("P-001", "ketamine-psych", START.minus(Duration.ofDays(43)), "35 mg"));
        assertEquals(Outcome.REFUSED, check(STANDARD, eight).outcome());
        assertTrue(ids(check(STANDARD, eight)).contains("course.sessions.hardMax"));
    }

    @Test
    @DisplayName("SR-K1: drug in the rolling 7 days (this session included) against 2.4 mg/kg soft, 3 mg/kg hard")
    void rollingSevenDayDose() {
        // 70 kg: soft 168 mg, hard 210 mg. Two previous 56 mg (0.8 mg/kg) sessions + 35 mg = 147 mg: fine.
        List<PreviousSession> two = List.of(session("P-001", "ketamine-psych", START.minus(Duration.ofDays(2)), "56 mg"),
                session("P-001", "ketamine-psych", START.minus(Duration.ofDays(4)), "56 mg"));
        assertEquals(Outcome.ALLOWED, check(STANDARD, two).outcome());
        // a third 56 mg inside the window: 203 mg = 2.9 mg/kg, soft only
        List<PreviousSession> three = new ArrayList<>(two);
        three.add(session("P-001", "ketamine-psych", START.minus(Duration.ofDays(6)), "56 mg"));
        ProgrammingDecision d = check(STANDARD, three);
        assertEquals(List.of("course.dosePer7Days.softMax"), ids(d));
        assertEquals("2.9 mg/kg", d.violations().getFirst().requested());
        // the same session 8 days ago is outside the window
        List<PreviousSession> old = new ArrayList<>(two);
        old.add(session("P-001", "ketamine-psych", START.minus(Duration.ofDays(8)), "56 mg"));
        assertEquals(Outcome.ALLOWED, check(STANDARD, old).outcome());
    }

    @Test
    void aPreviousSessionRecordedInDrugUnitsIsRefusedAsAUnitMismatch() {
        ProgrammingDecision d = check(STANDARD, List.of(session("P-001", "ketamine-psych", START.minus(Duration.ofDays(3)), "35 units")));
        assertEquals(Outcome.REFUSED, d.outcome());
        assertEquals(List.of("course.unit"), ids(d));
    }

    @Test
    void theCourseCheckAloneIsAPureFunctionOfTheHistory() {
        DrugEntry entry = GoldenPlanTest.LIBRARY.entry("psychiatry", "ketamine-psych").orElseThrow();
        List<Violation> v = CourseCheck.check(entry, "P-001", BodyWeight.ofKilograms(70), java.math.BigDecimal.valueOf(35_000),
                new CourseHistory(START, List.of(session("P-001", "ketamine-psych", START.minus(Duration.ofHours(30)), "35 mg"))));
        assertEquals(List.of("course.interval.softMin"), v.stream().map(Violation::limitId).toList());
    }
}
