package org.dosewarden.channel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.check.CourseHistory;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.check.Outcome;
import org.dosewarden.dose.check.PreviousSession;
import org.dosewarden.dose.check.ProgrammingDecision;
import org.dosewarden.dose.check.RecordedProgram;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.DrugAmount;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.journal.JournalException;
import org.dosewarden.journal.JournalReader;

/**
 * Every program order the journal holds ({@value ChannelSupervisor#PROGRAM_ORDER} records), each with what the
 * programming check saw when it was loaded: the prescription, the channel's pump, the overrides given and the
 * patient's course history as it stood then. The input of a library-impact replay (SR-L1). Reads only, through
 * {@link JournalReader}, so it runs beside a daemon that is writing.
 *
 * <p>Course history as of an order: the patient's sessions that had started before it was loaded. One already
 * closed then counts with its recorded end and amount; one still open then counts, for the same drug entry, as
 * ending at that moment with no drug recorded yet, exactly as the daemon's own check counts it.
 */
public final class RecordedPrograms {

    /**
     * The pump for orders journaled before the pump was kept with them: one that limits nothing. The pump's own
     * limits (rate range, volume, steps) do not depend on the drug library, and every recorded order passed them,
     * so leaving them out does not change which orders a candidate library changes.
     */
    static final PumpCapability UNRECORDED_PUMP = new PumpCapability(FlowRate.ofMicrolitresPerHour(1),
            FlowRate.ofMicrolitresPerHour(1_000_000_000L), FlowRate.ofMicrolitresPerHour(1), Volume.ofMicrolitres(1),
            Volume.ofMicrolitres(1_000_000_000L));

    /**
     * @param programs     every readable order, in journal order
     * @param unreadable   orders that could not be read, each naming its record and why (a replay that leaves them
     *                     out is incomplete)
     * @param withoutPump  how many of {@code programs} were journaled without their pump
     * @param newestLibrary the library version the newest order was checked against, if there is any order
     */
    public record Found(List<RecordedProgram> programs, List<String> unreadable, int withoutPump,
                        Optional<String> newestLibrary) {

        public Found {
            programs = List.copyOf(programs);
            unreadable = List.copyOf(unreadable);
        }
    }

    private RecordedPrograms() {
    }

    /** Every program order in {@code journal}, with the course history each was checked against. */
    public static Found read(JournalReader journal) throws JournalException {
        List<OnRecord> orders = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        journal.forEachAfter(0, entry -> {
            if (!ChannelSupervisor.PROGRAM_ORDER.equals(entry.type())) {
                return;
            }
            try {
                OrderOnRecord order = OrderOnRecord.fromJson(entry.payload());
                orders.add(new OnRecord(entry, order, order.prescription()));
            } catch (RuntimeException e) {
                unreadable.add(describe(entry) + ": " + e.getMessage());
            }
        });
        List<RecordedProgram> programs = new ArrayList<>();
        int withoutPump = 0;
        for (OnRecord o : orders) {
            OrderOnRecord order = o.order();
            try {
                programs.add(new RecordedProgram(order.sessionId(), o.entry().channel(), order.at(), o.prescription(),
                        order.pump() != null ? order.pump() : UNRECORDED_PUMP, history(journal, order, o.prescription()),
                        decision(order), order.libraryVersion()));
                withoutPump += order.pump() == null ? 1 : 0;
            } catch (RuntimeException e) {
                unreadable.add(describe(o.entry()) + ": " + e.getMessage());
            }
        }
        Optional<String> newest = orders.isEmpty() ? Optional.empty()
                : Optional.of(orders.getLast().order().libraryVersion());
        return new Found(programs, unreadable, withoutPump, newest);
    }

    private record OnRecord(JournalEntry entry, OrderOnRecord order, Prescription prescription) {
    }

    /** The decision as recorded; orders journaled before the whole order was kept carry only their overrides. */
    private static ProgrammingDecision decision(OrderOnRecord order) {
        if (order.order() != null) {
            return order.order().decision();
        }
        List<LimitOverride> overrides = order.overrides().stream().map(text -> {
            int colon = text.indexOf(": ");
            if (colon <= 0) {
                throw new IllegalArgumentException("override '" + text + "' is not 'limit: reason'");
            }
            return new LimitOverride(text.substring(0, colon), text.substring(colon + 2));
        }).toList();
        return new ProgrammingDecision(Outcome.ALLOWED, List.of(), Optional.empty(), overrides);
    }

    private static CourseHistory history(JournalReader journal, OrderOnRecord order, Prescription prescription)
            throws JournalException {
        Instant at = order.at();
        List<PreviousSession> previous = new ArrayList<>();
        List<SessionSummary> sessions = journal.sessionsOfPatient(prescription.patientId(), Instant.MIN, at).stream()
                .map(SessionSummary::of).toList();
        for (SessionSummary s : sessions) {
            if (s.sessionId().equals(order.sessionId()) || !s.startedAt().isBefore(at)) {
                continue;
            }
            if (s.end().isPresent() && !s.endedAt().isAfter(at)) {
                previous.add(new PreviousSession(s.patientId(), s.drugId(), s.startedAt(), s.endedAt(), s.delivered()));
            } else if (s.drugId().equals(prescription.drugId())) {
                previous.add(new PreviousSession(s.patientId(), s.drugId(), s.startedAt(), at,
                        DrugAmount.ofBase(prescription.concentration().kind(), 0)));
            }
        }
        return new CourseHistory(at, previous);
    }

    private static String describe(JournalEntry entry) {
        return "record " + entry.sequence() + " (channel " + entry.channel() + ", " + entry.type() + ")";
    }
}
