package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.check.Outcome;
import org.dosewarden.dose.check.PreviousSession;
import org.dosewarden.dose.check.RecordedProgram;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program orders of a real journal, with the pump and the course history each was checked against (SR-L1). */
class RecordedProgramsTest {

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("SR-L1: every program order of a journal written by real channels is read with its prescription, pump, "
            + "decision and the course history as it stood when it was loaded")
    void ordersWithTheirHistory() throws Exception {
        RecordedOrdersJournal.write(dataDir);
        RecordedPrograms.Found found;
        try (JournalReader journal = Journal.openForReading(dataDir)) {
            found = RecordedPrograms.read(journal);
        }
        assertEquals(List.of(), found.unreadable());
        assertEquals(0, found.withoutPump());
        assertEquals(java.util.Optional.of("2025.1-designed"), found.newestLibrary());
        List<RecordedProgram> p = found.programs();
        assertEquals(List.of("a", "a", "b"), p.stream().map(RecordedProgram::channel).toList());
        assertEquals(List.of("P-001", "P-001", "P-002"), p.stream().map(r -> r.prescription().patientId()).toList());
        p.forEach(r -> assertEquals(ChannelSupervisorTest.PUMP, r.pump()));
        p.forEach(r -> assertEquals(Outcome.ALLOWED, r.decisionThen().outcome()));
        assertEquals(List.of(), p.get(0).history().sessions(), "first session: no history");
        assertEquals(List.of(), p.get(2).history().sessions(), "P-002 has no earlier session");
        List<PreviousSession> before = p.get(1).history().sessions();
        assertEquals(1, before.size(), before.toString());
        PreviousSession first = before.getFirst();
        assertEquals(p.get(0).prescription().drugId(), first.drugId());
        // 3.5 mL at 1 mg/mL, within one pump volume step: what the journal closed the session with.
        assertTrue(Math.abs(first.delivered().baseAmount() - 3_500) <= 10, first.delivered().toString());
        assertTrue(Duration.between(first.end(), p.get(1).programmedAt()).toHours() >= 47, first + " " + p.get(1));
        assertEquals(p.get(1).programmedAt(), p.get(1).history().plannedStart());
    }

    @Test
    @DisplayName("SR-L1: an order journaled before the whole order and the pump were kept is read from its prescription "
            + "and overrides; an order that cannot be read is named, not skipped silently")
    void olderOrdersAndUnreadableOnes() throws Exception {
        ManualTimeSource clock = new ManualTimeSource();
        String prescription = org.dosewarden.library.PrescriptionJson.toJson(org.dosewarden.testing.Orders
                .ketamineRate(ChannelSupervisorTest.PUMP, "P-009", "1.2", "0.05").infusion().prescription()).toString();
        try (Journal journal = Journal.open(dataDir, clock)) {
            journal.append("a", ChannelSupervisor.PROGRAM_ORDER, "{\"sessionId\":\"old-1\",\"prescriptionJson\":"
                    + EventJson.writeValue(prescription) + ",\"overrides\":[\"doseRate.softMax: second week\"],"
                    + "\"libraryVersion\":\"2024.9\",\"user\":\"dr-a\",\"at\":\"2026-01-05T09:00:00Z\"}");
            journal.append("b", ChannelSupervisor.PROGRAM_ORDER, "{\"sessionId\":\"broken\"}");
        }
        RecordedPrograms.Found found;
        try (JournalReader journal = Journal.openForReading(dataDir)) {
            found = RecordedPrograms.read(journal);
        }
        assertEquals(1, found.programs().size());
        RecordedProgram old = found.programs().getFirst();
        assertEquals("old-1", old.sessionId());
        assertEquals("P-009", old.prescription().patientId());
        assertEquals(RecordedPrograms.UNRECORDED_PUMP, old.pump());
        assertEquals(List.of(new LimitOverride("doseRate.softMax", "second week")), old.decisionThen().overrides());
        assertEquals(1, found.withoutPump());
        assertEquals(1, found.unreadable().size(), found.unreadable().toString());
        assertTrue(found.unreadable().getFirst().startsWith("record 2 (channel b, PROGRAM_ORDER): "),
                found.unreadable().toString());
    }
}
