package org.dosewarden.channel;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalReader;
import org.dosewarden.safety.CommandResult;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.JournalRecord;
import org.dosewarden.safety.Moment;
import org.dosewarden.safety.PumpCommand;

/**
 * Writes the golden payload of every journaled type that has none yet (see {@link JournalGoldens}): the first
 * record of that type in a fixture journal written by a real channel, or, for types the fixture's scenario does
 * not reach, the sample of {@link EventJsonTest} written by this build. Never rewrites an existing golden.
 *
 * <pre>java ... JournalGoldenWriter FIXTURE-JOURNAL.db GOLDEN-DIR      (run by scripts/journal-fixture)</pre>
 */
public final class JournalGoldenWriter {

    private static final Moment AT = new Moment(Instant.parse("2026-01-01T08:00:00Z"), 0);

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: JournalGoldenWriter FIXTURE-JOURNAL.db GOLDEN-DIR");
            System.exit(2);
        }
        Path fixture = Path.of(args[0]);
        Path goldens = Files.createDirectories(Path.of(args[1]));
        SortedSet<String> present = JournalGoldens.presentNames(goldens);
        Map<String, String> found = new LinkedHashMap<>();
        Path copy = Files.createTempDirectory("journal-golden");
        Files.copy(fixture, copy.resolve(Journal.FILE_NAME));
        try (JournalReader reader = Journal.openForReading(copy)) {
            reader.forEachAfter(0, (JournalEntry e) -> found.putIfAbsent(JournalGoldens.nameOf(e), e.payload()));
        }
        for (Event sample : samples()) {
            JournalEntry asRecord = new JournalEntry(1, AT.wall(), 0, "a", ChannelSupervisor.EVENT,
                    EventJson.write(sample), "", "");
            found.putIfAbsent(JournalGoldens.nameOf(asRecord), asRecord.payload());
        }
        // Observations and prompts (SR-O1, SR-O2) as a session of the ketamine entry writes them.
        found.putIfAbsent(AfterCareRecords.OBSERVATION, AfterCareRecords.observationPayload("a-20260101T080002-f7c009f2",
                "rescue-medication", "{\"drug\":\"ondansetron\",\"dose\":\"4 mg\",\"route\":\"iv\"}", "PT40M",
                "dr-fixture", AT.wall(), "http"));
        found.putIfAbsent(AfterCareRecords.PROMPT, AfterCareRecords.promptPayload("a-20260101T080002-f7c009f2", "PT40M",
                AT.wall().plusSeconds(2400), List.of("cadss", "moaas", "nausea", "emergence", "rescue-medication", "note")));
        for (JournalRecord.RecordType type : JournalRecord.RecordType.values()) {
            found.putIfAbsent("DECISION_" + type.name(), EventJson.write(new JournalRecord(type,
                    "sample " + type.name().toLowerCase(), List.of("sample reason"), Map.of("state", "IDLE"))));
        }
        var pretty = JournalGoldens.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);
        for (String name : JournalGoldens.expectedNames()) {
            if (present.contains(name)) {
                continue;
            }
            String payload = found.get(name);
            if (payload == null) {
                System.err.println("no record or sample of " + name + ": write its golden by hand");
                continue;
            }
            Files.writeString(goldens.resolve(name + ".json"),
                    pretty.writeValueAsString(JournalGoldens.JSON.readTree(payload)) + "\n");
            System.out.println("wrote golden " + name);
        }
    }

    /** Every event type (from {@link EventJsonTest}) and a command outcome for every pump command. */
    private static List<Event> samples() {
        List<Event> samples = new java.util.ArrayList<>(EventJsonTest.everyEvent());
        for (PumpCommand command : List.of(PumpCommand.START, PumpCommand.PAUSE, PumpCommand.STOP,
                PumpCommand.READ_BACK, new PumpCommand.ProgramStep(0, FlowRate.ofMicrolitresPerHour(84_000),
                        Volume.ofMicrolitres(3_500)))) {
            samples.add(new Event.CommandOutcome(AT, command, CommandResult.CONFIRMED, ""));
        }
        return samples;
    }
}
