package org.dosewarden.dose.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.dosewarden.dose.library.Bounds;
import org.dosewarden.dose.library.Severity;
import org.dosewarden.dose.quantity.Decimals;
import org.dosewarden.dose.quantity.Fraction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SR-D3 SR-D4: which violation the console names as the most limiting (the reason shown first), the exact text of
 * each violation and when an override counts. Driven through {@link Findings} with plain numbers in mg/h, so each
 * ordering rule is seen on its own.
 */
class FindingsTest {

    /** mg/h limits and requests, shown as plain numbers with the unit. */
    static final Findings.Text<BigDecimal> MG_PER_H = new Findings.Text<>() {
        @Override
        public String limit(BigDecimal limit) {
            return Decimals.format(limit) + " mg/h";
        }

        @Override
        public String requested(BigDecimal limit, Fraction requested, Fraction limitValue) {
            return Findings.number(requested, limitValue) + " mg/h";
        }
    };

    static Bounds<BigDecimal> bounds(String hardMin, String softMin, String softMax, String hardMax) {
        return Bounds.of(dec(hardMin), dec(softMin), dec(softMax), dec(hardMax));
    }

    static BigDecimal dec(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    static Findings rate(Findings f, String id, Bounds<BigDecimal> bounds, String requested) {
        f.bounds(id, "dose rate", "drug x", bounds, Fraction.of(new BigDecimal(requested)), Fraction::of, MG_PER_H);
        return f;
    }

    @Test
    @DisplayName("SR-D3: a rate above a soft maximum is named with its limit id, both values and a capitalised message; at the limit it is within")
    void violationText() {
        Findings f = rate(new Findings(), "doseRate", bounds("0.5", "1", "2", "3"), "2.5");
        assertEquals(List.of(new Violation("doseRate.softMax", Severity.SOFT, "2 mg/h", "2.5 mg/h",
                "Dose rate 2.5 mg/h is above the soft maximum 2 mg/h for drug x")), f.violations());
        Findings low = rate(new Findings(), "doseRate", bounds("0.5", "1", "2", "3"), "0.4");
        assertEquals(List.of(
                new Violation("doseRate.hardMin", Severity.HARD, "0.5 mg/h", "0.4 mg/h", "Dose rate 0.4 mg/h is below the hard minimum 0.5 mg/h for drug x"),
                new Violation("doseRate.softMin", Severity.SOFT, "1 mg/h", "0.4 mg/h", "Dose rate 0.4 mg/h is below the soft minimum 1 mg/h for drug x")),
                low.violations());
        for (String atALimit : List.of("0.5", "1", "2", "3")) {
            Bounds<BigDecimal> b = atALimit.equals("0.5") || atALimit.equals("3") ? bounds("0.5", null, null, "3") : bounds(null, "1", "2", null);
            assertEquals(List.of(), rate(new Findings(), "doseRate", b, atALimit).violations(), atALimit + " mg/h is at its limit");
        }
    }

    @Test
    @DisplayName("SR-D3: a value just beyond a limit is shown with enough digits never to read equal to it")
    void numberNeverReadsEqualToTheLimit() {
        assertEquals("1.60001", Findings.number(Fraction.of(new BigDecimal("1.60001")), Fraction.of(new BigDecimal("1.6"))));
        assertEquals("1.6", Findings.number(Fraction.of(new BigDecimal("1.6")), Fraction.of(new BigDecimal("1.6"))));
        assertEquals("2.123", Findings.number(Fraction.of(new BigDecimal("2.1234")), Fraction.of(new BigDecimal("1.6"))));
        assertEquals("0.3333", Findings.number(Fraction.of(1).dividedBy(new BigDecimal(3)), Fraction.of(new BigDecimal("1.6"))));
    }

    @Test
    @DisplayName("SR-D3: a hard violation is the most limiting and listed first, however far beyond its limit a soft one is")
    void hardBeforeSoft() {
        Findings f = new Findings();
        rate(f, "doseRate", bounds(null, null, "1", null), "9");
        rate(f, "doseOverTime.dose", bounds(null, null, null, "1"), "1.1");
        ProgrammingDecision d = f.decide(List.of());
        assertEquals(Outcome.REFUSED, d.outcome());
        assertEquals(List.of("doseOverTime.dose.hardMax", "doseRate.softMax"), d.violations().stream().map(Violation::limitId).toList());
        assertEquals("doseOverTime.dose.hardMax", d.mostLimiting().orElseThrow().limitId());
    }

    @Test
    @DisplayName("SR-D3: among equal severities the furthest beyond its limit (relative) is the most limiting; a minimum counts its own way")
    void furthestRelativeExcess() {
        Findings f = new Findings();
        rate(f, "a", bounds(null, null, "1", null), "1.5");
        rate(f, "b", bounds(null, "2", null, null), "0.5");
        rate(f, "c", bounds(null, null, "10", null), "19");
        ProgrammingDecision d = f.decide(List.of());
        assertEquals(Outcome.NEEDS_OVERRIDE, d.outcome());
        assertEquals("b.softMin", d.mostLimiting().orElseThrow().limitId(), "0.5 under a minimum of 2 is 4 times below");
        Findings g = new Findings();
        rate(g, "a", bounds(null, "2", null, null), "1.5");
        rate(g, "c", bounds(null, null, "10", null), "19");
        assertEquals("c.softMax", g.decide(List.of()).mostLimiting().orElseThrow().limitId(), "1.9 times above beats 1.33 times below");
    }

    @Test
    @DisplayName("SR-D3: a limit of zero is infinitely far beyond: the most limiting; equal excesses go to the first found")
    void zeroLimitAndTies() {
        Findings f = new Findings();
        rate(f, "a", bounds(null, null, "1", null), "100");
        rate(f, "z", bounds(null, null, "0", null), "0.1");
        assertEquals("z.softMax", f.decide(List.of()).mostLimiting().orElseThrow().limitId());
        Findings g = new Findings();
        rate(g, "z", bounds(null, null, "0", null), "0.1");
        rate(g, "a", bounds(null, null, "1", null), "100");
        assertEquals("z.softMax", g.decide(List.of()).mostLimiting().orElseThrow().limitId());
        Findings tie = new Findings();
        rate(tie, "first", bounds(null, null, "1", null), "2");
        rate(tie, "second", bounds(null, null, "2", null), "4");
        assertEquals("first.softMax", tie.decide(List.of()).mostLimiting().orElseThrow().limitId());
    }

    @Test
    @DisplayName("SR-D3: categorical problems outrank the patient's weight, which outranks every other limit of the same severity")
    void categoricalThenWeightThenTheRest() {
        Findings f = new Findings();
        rate(f, "doseRate", bounds(null, null, null, "1"), "50");
        rate(f, "weight", bounds(null, null, null, "200"), "201");
        assertEquals("weight.hardMax", f.decide(List.of()).mostLimiting().orElseThrow().limitId());
        f.categorical("library.unit", Severity.HARD, "mass", "doseRate", "Drug library error");
        ProgrammingDecision d = f.decide(List.of());
        assertEquals("library.unit", d.mostLimiting().orElseThrow().limitId());
        assertEquals(List.of("doseRate.hardMax", "weight.hardMax", "library.unit"), d.violations().stream().map(Violation::limitId).toList());
        Findings numeric = new Findings();
        numeric.numeric("pump.maxRate", Severity.HARD, "1200 mL/h", "1300 mL/h", "rate above the pump's maximum",
                Fraction.of(1300), Fraction.of(1200));
        numeric.numeric("weight.x", Severity.HARD, "1", "1.01", "weight", Fraction.of(101), Fraction.of(100));
        ProgrammingDecision n = numeric.decide(List.of());
        assertEquals("weight.x", n.mostLimiting().orElseThrow().limitId());
        assertEquals("Rate above the pump's maximum", n.violations().getFirst().message());
    }

    @Test
    @DisplayName("SR-D4: an override counts only for a soft limit that was violated; a hard one cannot be overridden")
    void overrides() {
        Findings f = rate(new Findings(), "doseRate", bounds(null, null, "1", null), "2");
        LimitOverride soft = new LimitOverride("doseRate.softMax", "titrating to effect");
        LimitOverride other = new LimitOverride("doseRate.softMin", "not violated");
        ProgrammingDecision d = f.decide(List.of(soft, other));
        assertEquals(Outcome.ALLOWED, d.outcome());
        assertEquals(List.of(soft), d.overrides());
        Findings hard = rate(new Findings(), "doseRate", bounds(null, null, null, "1"), "2");
        ProgrammingDecision h = hard.decide(List.of(new LimitOverride("doseRate.hardMax", "no")));
        assertEquals(Outcome.REFUSED, h.outcome());
        assertEquals(List.of(), h.overrides());
        assertEquals(true, hard.any(Severity.HARD));
        assertEquals(false, hard.any(Severity.SOFT));
    }

    @Test
    @DisplayName("SR-D3: findings of a course check added to a program's keep their order after the program's own")
    void addAllKeepsOrder() {
        Findings f = rate(new Findings(), "doseRate", bounds(null, null, "1", null), "3");
        Findings course = rate(new Findings(), "course.sessions", bounds(null, null, "4", null), "6");
        f.addAll(course);
        ProgrammingDecision d = f.decide(List.of());
        assertEquals(List.of("doseRate.softMax", "course.sessions.softMax"), d.violations().stream().map(Violation::limitId).toList());
        assertEquals("doseRate.softMax", d.mostLimiting().orElseThrow().limitId(), "3 times above beats 1.5 times above");
    }
}
