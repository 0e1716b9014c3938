package org.dosewarden.trace;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hazards of docs/safety/hazard-log.md as trace needs them. Each hazard is a {@code ### H-nn Title} section;
 * its control rows are table rows whose first cell is a defence layer, the second starts with the control's
 * name in bold, the last names the requirements ({@code SR-..} ids, or a dash for none). Every requirement id and
 * every {@code INCIDENT-n} anywhere in a section is collected, so trace can check them all.
 */
record HazardLog(List<Hazard> hazards, Set<String> incidentsCited, List<String> problems) {

    static final List<String> LAYERS = List.of("Programming check", "Pump-side limit", "Supervision", "Physiological",
            "Hardware", "Process");
    static final Pattern INCIDENT = Pattern.compile("\\bINCIDENT-[0-9]+\\b");

    private static final Pattern HEADING = Pattern.compile("^### (H-[0-9]+)\\s+(.+)$");
    private static final Pattern BOLD_NAME = Pattern.compile("^\\*\\*(.+?)\\*\\*");

    /**
     * @param requirementsNamed every requirement id the section mentions, controls or prose
     * @param lines             where the section starts (1-based), for messages
     */
    record Hazard(String id, String title, List<Control> controls, List<String> requirementsNamed, int lines) {
    }

    record Control(String layer, String name, List<String> requirements) {
    }

    static HazardLog parse(List<String> lines) {
        List<Hazard> hazards = new ArrayList<>();
        Set<String> incidents = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            collectIncidents(lines.get(i), incidents);
            Matcher heading = HEADING.matcher(lines.get(i));
            if (!heading.matches()) {
                i++;
                continue;
            }
            int start = i;
            List<Control> controls = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).startsWith("## ") && !lines.get(i).startsWith("### "); i++) {
                String line = lines.get(i);
                collectIncidents(line, incidents);
                text.append(line).append('\n');
                control(line).ifPresent(controls::add);
            }
            String id = heading.group(1);
            if (hazards.stream().anyMatch(h -> h.id().equals(id))) {
                problems.add("hazard-log.md line " + (start + 1) + ": " + id + " is defined twice");
            }
            if (controls.isEmpty()) {
                problems.add("hazard-log.md line " + (start + 1) + ": " + id + " lists no risk control (a table row whose "
                        + "first cell is one of " + LAYERS + ")");
            }
            hazards.add(new Hazard(id, heading.group(2).trim(), controls, Requirements.idsIn(text.toString()), start + 1));
        }
        if (hazards.isEmpty()) {
            problems.add("hazard-log.md defines no hazard (no '### H-nn' heading)");
        }
        Set<String> byNumber = new java.util.TreeSet<>(java.util.Comparator.comparingInt(
                (String n) -> Integer.parseInt(n.substring("INCIDENT-".length()))));
        byNumber.addAll(incidents);
        return new HazardLog(hazards, new LinkedHashSet<>(byNumber), problems);
    }

    private static java.util.Optional<Control> control(String line) {
        if (!line.startsWith("|")) {
            return java.util.Optional.empty();
        }
        String[] cells = line.split("\\|", -1);
        // "| a | b | c |" splits into "", " a ", " b ", " c ", "".
        if (cells.length < 5 || !LAYERS.contains(cells[1].trim())) {
            return java.util.Optional.empty();
        }
        String description = cells[2].trim();
        Matcher bold = BOLD_NAME.matcher(description);
        String name = bold.find() ? bold.group(1) : description;
        return java.util.Optional.of(new Control(cells[1].trim(), name, Requirements.idsIn(cells[cells.length - 2])));
    }

    private static void collectIncidents(String line, Set<String> into) {
        Matcher m = INCIDENT.matcher(line);
        while (m.find()) {
            into.add(m.group());
        }
    }
}
