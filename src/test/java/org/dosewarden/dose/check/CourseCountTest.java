package org.dosewarden.dose.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.library.Severity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SR-K1: the session count of a course as the clinician reads it, and a decision with nothing to say. */
class CourseCountTest {

    @Test
    @DisplayName("SR-K1: the 13th ketamine session is above the soft maximum 6 and the hard maximum 8, each named with the count")
    void sessionCountFindings() {
        List<PreviousSession> history = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            history.add(CourseCheckTest.session("P-001", "ketamine-psych",
                    CourseCheckTest.START.minus(Duration.ofDays(3L * i)), "35 mg"));
        }
        assertEquals(List.of(
                new Violation("course.sessions.hardMax", Severity.HARD, "8", "13",
                        "Session number 13 is above the hard maximum 8 for ketamine — psychiatric session (psychiatry)"),
                new Violation("course.sessions.softMax", Severity.SOFT, "6", "13",
                        "Session number 13 is above the soft maximum 6 for ketamine — psychiatric session (psychiatry)")),
                CourseCheckTest.check(CourseCheckTest.STANDARD, history).violations());
    }

    @Test
    @DisplayName("SR-A1: a decision with nothing found allows the start and asks for nothing")
    void allowedDecision() {
        ProgrammingDecision d = ProgrammingDecision.allowed();
        assertEquals(Outcome.ALLOWED, d.outcome());
        assertTrue(d.permitsStart());
        assertEquals(List.of(), d.violations());
        assertEquals(Optional.empty(), d.mostLimiting());
        assertEquals(List.of(), d.pendingOverrides());
    }

    @Test
    @DisplayName("SR-K1: the time since a session that ended 30.5 s ago reads in minutes to the fraction; one ending after the planned start reads 0 s")
    void intervalTextBelowOneSession() {
        assertEquals(List.of("0.5083 min", "0.5083 min"), CourseCheckTest.check(CourseCheckTest.STANDARD, List.of(
                CourseCheckTest.session("P-001", "ketamine-psych", CourseCheckTest.START.minusMillis(30_500), "35 mg")))
                .violations().stream().map(Violation::requested).toList());
        List<Violation> overlapping = CourseCheckTest.check(CourseCheckTest.STANDARD, List.of(
                CourseCheckTest.session("P-001", "ketamine-psych", CourseCheckTest.START.plusSeconds(60), "35 mg")))
                .violations();
        assertEquals(new Violation("course.interval.hardMin", Severity.HARD, "20 h", "0 s",
                "Time since the previous session 0 s is below the hard minimum 20 h for ketamine — psychiatric session "
                        + "(psychiatry)"), overlapping.getFirst());
    }
}
