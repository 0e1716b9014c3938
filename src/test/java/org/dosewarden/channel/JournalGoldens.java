package org.dosewarden.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.JournalRecord;
import org.dosewarden.safety.PumpCommand;

/**
 * The golden payloads of the journal (issue 14): one file per journaled type under
 * {@code src/test/resources/journal-golden}, each the payload exactly as a release wrote it (pretty-printed;
 * compared as JSON trees). Names:
 * <ul>
 *   <li>{@code EVENT.<event>.json} for each concrete event of the core (record type {@value ChannelSupervisor#EVENT}),
 *       except the command outcome: {@code EVENT.CommandOutcome.<command>.json} for each pump command in it;</li>
 *   <li>{@code DECISION_<type>.json} for each decision record type;</li>
 *   <li>{@code PROGRAM_ORDER.json}, {@code session.opened.json}, {@code session.closed.json},
 *       {@code OBSERVATION.json}, {@code OBSERVATION_PROMPT.json}.</li>
 * </ul>
 */
final class JournalGoldens {

    static final String RESOURCE = "/journal-golden";
    static final ObjectMapper JSON = new ObjectMapper();

    private JournalGoldens() {
    }

    /** Every name a golden file must have for the types this build journals. */
    static SortedSet<String> expectedNames() {
        SortedSet<String> names = new TreeSet<>();
        for (Class<?> event : concreteSubtypes(Event.class)) {
            if (event != Event.CommandOutcome.class) {      // one golden per command inside it instead
                names.add(ChannelSupervisor.EVENT + "." + event.getSimpleName());
            }
        }
        for (Class<?> command : concreteSubtypes(PumpCommand.class)) {
            names.add(ChannelSupervisor.EVENT + ".CommandOutcome." + command.getSimpleName());
        }
        for (JournalRecord.RecordType type : JournalRecord.RecordType.values()) {
            names.add("DECISION_" + type.name());
        }
        names.addAll(List.of(ChannelSupervisor.PROGRAM_ORDER, Journal.SESSION_OPENED, Journal.SESSION_CLOSED,
                AfterCareRecords.OBSERVATION, AfterCareRecords.PROMPT, Checkpoint.TYPE));
        return names;
    }

    /** The golden name a journal record of this build would have (for the writer). */
    static String nameOf(JournalEntry entry) {
        if (!entry.type().equals(ChannelSupervisor.EVENT)) {
            return entry.type();
        }
        Event event = EventJson.read(entry.payload());
        String name = ChannelSupervisor.EVENT + "." + event.getClass().getSimpleName();
        return event instanceof Event.CommandOutcome outcome
                ? name + "." + outcome.command().getClass().getSimpleName() : name;
    }

    static List<Class<?>> concreteSubtypes(Class<?> root) {
        List<Class<?>> found = new java.util.ArrayList<>();
        Deque<Class<?>> pending = new ArrayDeque<>(List.of(root));
        while (!pending.isEmpty()) {
            Class<?> type = pending.pop();
            if (type.isSealed()) {
                pending.addAll(List.of(type.getPermittedSubclasses()));
            } else {
                found.add(type);
            }
        }
        return found;
    }

    /** The golden directory as test resources hold it (on the class path). */
    static Path directory() {
        URL url = JournalGoldens.class.getResource(RESOURCE);
        if (url == null) {
            throw new IllegalStateException("no " + RESOURCE + " on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Golden names present, without {@code .json}. */
    static SortedSet<String> presentNames(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            SortedSet<String> names = new TreeSet<>();
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .forEach(n -> names.add(n.substring(0, n.length() - ".json".length())));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path directory, String name) {
        try {
            return JSON.readTree(directory.resolve(name + ".json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("golden " + name + " is not JSON", e);
        }
    }
}
