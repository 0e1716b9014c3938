package org.dosewarden.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dosewarden.trace.Requirements.Requirement;
import org.dosewarden.trace.Requirements.Status;
import org.dosewarden.trace.TestReports.Result;
import org.dosewarden.trace.TestReports.TestCase;

/**
 * Requirements, hazards and test results put together, with every problem that makes the safety case
 * incomplete. Trace fails the build when {@link #problems()} is not empty:
 * <ul>
 *   <li>an adopted requirement without a passing test, or with a test that failed;</li>
 *   <li>a test naming a requirement id that requirements.md does not define;</li>
 *   <li>a hazard naming such an id (or a withdrawn one);</li>
 *   <li>an incident the hazard log cites without a passing regression test ({@code INCIDENT-n: ...}), or with a
 *       failing one;</li>
 *   <li>a malformed requirements file or hazard log, or no test results at all.</li>
 * </ul>
 * An in-progress requirement is listed as not yet covered and fails nothing.
 */
record Traceability(Requirements requirements, HazardLog hazards, List<TestCase> tests,
                    Map<String, List<TestCase>> testsByRequirement, Map<String, List<TestCase>> testsByIncident,
                    List<String> problems) {

    static Traceability of(Requirements requirements, HazardLog hazards, List<TestCase> tests) {
        List<String> problems = new ArrayList<>(requirements.problems());
        problems.addAll(hazards.problems());
        if (tests.isEmpty()) {
            problems.add("no test results: the report directory holds no TEST-*.xml with test cases (run the suite first)");
        }

        Map<String, List<TestCase>> byRequirement = new LinkedHashMap<>();
        requirements.all().forEach(r -> byRequirement.put(r.id(), new ArrayList<>()));
        Map<String, List<TestCase>> unknown = new TreeMap<>();
        for (TestCase test : tests) {
            for (String id : test.requirements()) {
                if (requirements.knows(id)) {
                    byRequirement.get(id).add(test);
                } else {
                    unknown.computeIfAbsent(id, k -> new ArrayList<>()).add(test);
                }
            }
        }
        unknown.forEach((id, named) -> problems.add("unknown requirement " + id + " named by " + named.size() + " test"
                + (named.size() == 1 ? "" : "s") + ", e.g. " + describe(named.getFirst())));

        for (Requirement r : requirements.all()) {
            if (r.status() != Status.ADOPTED) {
                continue;
            }
            List<TestCase> named = byRequirement.get(r.id());
            named.stream().filter(t -> t.result() == Result.FAILED)
                    .forEach(t -> problems.add(r.id() + ": test failed: " + describe(t)));
            if (named.stream().noneMatch(t -> t.result() == Result.PASSED)) {
                problems.add(r.id() + " (" + r.title() + ") is adopted but no passing test names it"
                        + (named.isEmpty() ? "" : " (" + named.size() + " named, none passed)"));
            }
        }

        for (HazardLog.Hazard h : hazards.hazards()) {
            for (String id : h.requirementsNamed()) {
                Requirement r = requirements.byId().get(id);
                if (r == null) {
                    problems.add(h.id() + " (hazard-log.md line " + h.lines() + ") names unknown requirement " + id);
                } else if (r.status() == Status.WITHDRAWN) {
                    problems.add(h.id() + " (hazard-log.md line " + h.lines() + ") names withdrawn requirement " + id);
                }
            }
        }

        Map<String, List<TestCase>> byIncident = new LinkedHashMap<>();
        for (String incident : hazards.incidentsCited()) {
            List<TestCase> regression = tests.stream().filter(t -> t.isRegressionTestOf(incident)).toList();
            byIncident.put(incident, regression);
            regression.stream().filter(t -> t.result() == Result.FAILED)
                    .forEach(t -> problems.add(incident + ": regression test failed: " + describe(t)));
            if (regression.stream().noneMatch(t -> t.result() == Result.PASSED)) {
                problems.add(incident + " is cited by the hazard log but no passing test's name starts '" + incident + ":'");
            }
        }
        return new Traceability(requirements, hazards, tests, byRequirement, byIncident, problems);
    }

    /** Adopted-later requirements, still being built: listed, never a failure. */
    List<Requirement> notYetCovered() {
        return requirements.all().stream().filter(r -> r.status() == Status.IN_PROGRESS).toList();
    }

    /** In-progress requirements that already have passing tests: the integrator may mark them adopted. */
    List<Requirement> readyToAdopt() {
        return notYetCovered().stream()
                .filter(r -> testsByRequirement.get(r.id()).stream().anyMatch(t -> t.result() == Result.PASSED))
                .toList();
    }

    long passed(String requirement) {
        return testsByRequirement.getOrDefault(requirement, List.of()).stream()
                .filter(t -> t.result() == Result.PASSED).count();
    }

    long notPassed(String requirement) {
        return testsByRequirement.getOrDefault(requirement, List.of()).size() - passed(requirement);
    }

    static String describe(TestCase t) {
        return t.simpleClassName() + " \"" + t.name() + "\"";
    }
}
