package org.dosewarden.dose.check;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.library.CourseLimits;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.library.Severity;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Fraction;

/**
 * The course check (SR-K1): a pure function of the patient's previous sessions of the same drug-library
 * entry, supplied by the caller. Checks the time since the previous session ended, the number of sessions
 * (this one included) and the drug given in the rolling 7 days before the planned start (this session's
 * planned dose included) against the entry's course limits. Soft violations need an override with a reason,
 * hard ones refuse.
 */
public final class CourseCheck {

    private CourseCheck() {
    }

    /**
     * Every course violation of a new session.
     *
     * @param entry              the drug-library entry of the new session (sessions of other entries are ignored)
     * @param patientId          the patient (sessions of other patients are ignored)
     * @param weight             body weight, to turn per-kg limits into amounts
     * @param plannedBaseAmount  drug the new session would give, in base units (µg or milli-units), exact
     * @param history            planned start and previous sessions
     */
    public static List<Violation> check(DrugEntry entry, String patientId, BodyWeight weight, BigDecimal plannedBaseAmount,
            CourseHistory history) {
        return findings(entry, patientId, weight, Fraction.of(plannedBaseAmount), history).violations();
    }

    static Findings findings(DrugEntry entry, String patientId, BodyWeight weight, Fraction planned, CourseHistory history) {
        Findings findings = new Findings();
        String whose = entry.describe();
        List<PreviousSession> sessions = history.sessions().stream()
                .filter(s -> s.patientId().equals(patientId) && s.drugId().equals(entry.id()))
                .toList();
        CourseLimits limits = entry.course();

        Optional<Instant> lastEnd = sessions.stream().map(PreviousSession::end).max(Instant::compareTo);
        if (lastEnd.isPresent()) {
            Duration since = Duration.between(lastEnd.get(), history.plannedStart());
            findings.bounds("course.interval", "time since the previous session", whose, limits.interval(),
                    Fraction.of(BigDecimal.valueOf(since.getSeconds()).add(BigDecimal.valueOf(since.getNano(), 9))),
                    d -> Fraction.of(d.getSeconds()), LimitText.DURATION);
        }
        findings.bounds("course.sessions", "session number", whose, limits.sessions(), Fraction.of(sessions.size() + 1L),
                n -> Fraction.of(n.longValue()), LimitText.COUNT);

        Instant windowStart = history.plannedStart().minus(CourseLimits.ROLLING_WINDOW);
        Fraction inWindow = planned;
        for (PreviousSession s : sessions) {
            if (!s.end().isAfter(windowStart)) {
                continue;
            }
            if (s.delivered().kind() != entry.kind()) {
                findings.categorical("course.unit", Severity.HARD, entry.kind().displayName(), s.delivered().display(),
                        "A previous session of " + whose + " recorded " + s.delivered().display() + ", which is not "
                                + entry.kind().displayName());
                continue;
            }
            inWindow = inWindow.plus(Fraction.of(s.delivered().baseAmount()));
        }
        findings.bounds("course.dosePer7Days", "drug in the last 7 days (this session included)", whose,
                limits.dosePer7Days(), inWindow, d -> Fraction.of(d.baseAmountFor(weight)), LimitText.dose(weight));
        return findings;
    }
}
