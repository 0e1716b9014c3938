package org.dosewarden.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dosewarden.dose.check.LibraryImpact;
import org.dosewarden.dose.check.RecordedProgram;
import org.dosewarden.dose.check.Violation;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.journal.JournalException;
import org.dosewarden.journal.JournalReader;

/**
 * What a candidate drug library would change in the clinic's recorded practice (SR-L1), for
 * {@code dosewarden library impact} and {@code POST /api/drug-library/check}: every recorded program order
 * replayed through the candidate ({@link LibraryImpact}), and each whose outcome would change.
 *
 * @param current     the library in force (the daemon's loaded one, or the one the newest order was checked
 *                    against); {@code null} when neither is known
 * @param candidate   the candidate library's version
 * @param programs    how many recorded orders were replayed
 * @param changed     the orders whose outcome changes, in journal order
 * @param unreadable  orders that could not be replayed (record and reason): the report is incomplete when any
 * @param withoutPump replayed orders journaled before their pump was kept (checked without pump limits, which
 *                    do not depend on the library)
 */
public record LibraryImpactReport(String current, String candidate, int programs, List<LibraryImpact.Change> changed,
                                  List<String> unreadable, int withoutPump) {

    public LibraryImpactReport {
        Objects.requireNonNull(candidate, "candidate");
        changed = List.copyOf(changed);
        unreadable = List.copyOf(unreadable);
    }

    /**
     * Replays every program order in {@code journal} through {@code candidate}.
     *
     * @param current the version of the library in force, when the caller knows it
     */
    public static LibraryImpactReport of(JournalReader journal, Optional<String> current, DrugLibrary candidate)
            throws JournalException {
        RecordedPrograms.Found found = RecordedPrograms.read(journal);
        return new LibraryImpactReport(current.or(found::newestLibrary).orElse(null), candidate.version(),
                found.programs().size(), LibraryImpact.changes(found.programs(), candidate), found.unreadable(),
                found.withoutPump());
    }

    /** Every recorded order was replayed. */
    public boolean complete() {
        return unreadable.isEmpty();
    }

    /**
     * {@code {"library":{"current":..,"candidate":..},"programs":N,"changed":[{"sessionId","channel","drug",
     * "programmedAt","before","after","limits":[..]}]}}.
     */
    public ObjectNode toJson() {
        ObjectNode root = EventJson.mapper().createObjectNode();
        ObjectNode library = root.putObject("library");
        library.put("current", current);
        library.put("candidate", candidate);
        root.put("programs", programs);
        ArrayNode list = root.putArray("changed");
        for (LibraryImpact.Change c : changed) {
            RecordedProgram p = c.program();
            ObjectNode o = list.addObject();
            o.put("sessionId", p.sessionId());
            o.put("channel", p.channel());
            o.put("drug", p.prescription().drugId());
            o.put("programmedAt", p.programmedAt().toString());
            o.put("before", c.before().name());
            o.put("after", c.after().name());
            ArrayNode limits = o.putArray("limits");
            c.limits().forEach(limits::add);
        }
        return root;
    }

    /** The report as a pharmacist reads it: one block per changed program, with the messages of the limits. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append("Candidate drug library ").append(candidate).append(" against ").append(programs)
                .append(" recorded program order").append(programs == 1 ? "" : "s").append(" (library in force: ")
                .append(current == null ? "unknown" : current).append(")\n");
        if (withoutPump > 0) {
            b.append("  ").append(withoutPump).append(" order").append(withoutPump == 1 ? " was" : "s were")
                    .append(" journaled without its pump: replayed without pump limits (they do not depend on the "
                            + "library)\n");
        }
        if (changed.isEmpty()) {
            b.append("No recorded program would change.\n");
        } else {
            b.append(changed.size()).append(" program").append(changed.size() == 1 ? "" : "s")
                    .append(" would change:\n");
        }
        for (LibraryImpact.Change c : changed) {
            RecordedProgram p = c.program();
            b.append("\n  session ").append(p.sessionId()).append(", channel ").append(p.channel()).append(", ")
                    .append(p.prescription().drugId()).append(" for patient ").append(p.prescription().patientId())
                    .append(", programmed ").append(p.programmedAt()).append(" (library ").append(p.libraryVersion())
                    .append(")\n    ").append(c.before()).append(" -> ").append(c.after()).append(", limits: ")
                    .append(String.join(", ", c.limits())).append('\n');
            for (Violation v : c.violations()) {
                b.append("    - ").append(v.message()).append('\n');
            }
        }
        for (String u : unreadable) {
            b.append("\n  NOT REPLAYED: ").append(u).append('\n');
        }
        return b.toString();
    }
}
