package org.dosewarden.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requirements of docs/safety/requirements.md as trace needs them: id, title and status. The file is
 * written for people; trace relies only on its headings ({@code ### SR-A1 Title}) and the status line that
 * follows each ({@code - **Status:** adopted}, {@code in-progress (issue 12)} or {@code withdrawn (why)}).
 */
record Requirements(Map<String, Requirement> byId, List<String> problems) {

    /** A requirement id as tests, hazards and this file write it. */
    static final Pattern ID = Pattern.compile("\\bSR-[A-Z]+[0-9]+\\b");

    private static final Pattern HEADING = Pattern.compile("^### (SR-[A-Z]+[0-9]+)\\s+(.+)$");
    private static final Pattern STATUS = Pattern.compile(
            "^- \\*\\*Status:\\*\\* (adopted|in-progress \\(issue (\\d+)\\)|withdrawn \\((.+)\\))\\s*$");

    enum Status { ADOPTED, IN_PROGRESS, WITHDRAWN }

    /**
     * @param issue the issue building the feature, for {@link Status#IN_PROGRESS}; 0 otherwise
     */
    record Requirement(String id, String title, Status status, int issue) {
    }

    static Requirements parse(List<String> lines) {
        Map<String, Requirement> byId = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher heading = HEADING.matcher(lines.get(i));
            if (!heading.matches()) {
                if (lines.get(i).startsWith("### SR-")) {
                    problems.add("requirements.md line " + (i + 1) + ": heading is not '### SR-<letters><digits> <title>': "
                            + lines.get(i));
                }
                continue;
            }
            String id = heading.group(1);
            Optional<Requirement> parsed = status(lines, i + 1).map(m -> new Requirement(id, heading.group(2).trim(),
                    m.group(2) != null ? Status.IN_PROGRESS : m.group(3) != null ? Status.WITHDRAWN : Status.ADOPTED,
                    m.group(2) != null ? Integer.parseInt(m.group(2)) : 0));
            if (parsed.isEmpty()) {
                problems.add("requirements.md line " + (i + 1) + ": " + id + " has no '- **Status:** adopted | "
                        + "in-progress (issue N) | withdrawn (reason)' line before the next heading");
            } else if (byId.putIfAbsent(id, parsed.get()) != null) {
                problems.add("requirements.md line " + (i + 1) + ": " + id + " is defined twice");
            }
        }
        if (byId.isEmpty()) {
            problems.add("requirements.md defines no requirement (no '### SR-..' heading)");
        }
        return new Requirements(byId, problems);
    }

    /** The status line of the requirement whose heading is just before {@code from}, if any. */
    private static Optional<Matcher> status(List<String> lines, int from) {
        for (int j = from; j < lines.size() && !lines.get(j).startsWith("#"); j++) {
            Matcher m = STATUS.matcher(lines.get(j).trim());
            if (m.matches()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    boolean knows(String id) {
        return byId.containsKey(id);
    }

    List<Requirement> all() {
        return List.copyOf(byId.values());
    }

    /** Every requirement id mentioned in {@code text}, in order of appearance, without repeats. */
    static List<String> idsIn(String text) {
        List<String> ids = new ArrayList<>();
        Matcher m = ID.matcher(text);
        while (m.find()) {
            if (!ids.contains(m.group())) {
                ids.add(m.group());
            }
        }
        return ids;
    }
}
