package org.dosewarden.channel;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalException;
import org.dosewarden.journal.JournalWriteException;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.InfusionState;

/**
 * What a channel remembers of its sessions beside the core's state: the program orders as they were loaded
 * (the whole checked order, shown to the clinician who must resume after a restart), when each session's
 * delivery first started, and the course history (SR-K1) each session opens and closes in the journal.
 *
 * <p>Owned by the channel thread. The orders are journaled as {@value ChannelSupervisor#PROGRAM_ORDER}
 * records before the core hears of the program, and read back from the journal on recovery.
 */
final class SessionOrders {

    private final String channel;
    private final Journal journal;
    /** The channel's pump, kept with every order so a library-impact replay (SR-L1) checks against the same one. */
    private final PumpCapability pump;
    /** Orders loaded in this process, by session id (the full order, for snapshots). */
    private final Map<String, ProgramOrder> liveOrders = new HashMap<>();
    /** What the journal keeps of every order, by session id (survives a restart). */
    private final Map<String, OrderOnRecord> orders = new HashMap<>();
    /** Session id → wall time its delivery first started (rebuilt from the journal on recovery). */
    private final Map<String, Instant> deliveryStarted = new HashMap<>();
    /** Delivered volume of the session in the last step that had one: what an ending session closes with. */
    private Volume lastDelivered = Volume.ZERO;

    SessionOrders(String channel, Journal journal, PumpCapability pump) {
        this.channel = channel;
        this.journal = journal;
        this.pump = pump;
    }

    /** Before recovery: what the journal keeps is read again from it. Orders loaded in this process stay. */
    void forgetJournaled() {
        orders.clear();
        deliveryStarted.clear();
    }

    /** A {@value ChannelSupervisor#PROGRAM_ORDER} record read back on recovery. */
    void replayed(OrderOnRecord order) {
        orders.put(order.sessionId(), order);
        if (order.order() != null) {
            liveOrders.put(order.sessionId(), order.order());
        }
    }

    /**
     * Journals a program order durably, then remembers it. Called before the core hears of the program, so a
     * restarted daemon can always show the program the journaled events ran.
     */
    void record(String sessionId, ProgramOrder order, String user, Instant at) throws JournalWriteException {
        OrderOnRecord onRecord = OrderOnRecord.of(sessionId, order, user, at, pump);
        journal.append(channel, ChannelSupervisor.PROGRAM_ORDER, onRecord.toJson());
        orders.put(sessionId, onRecord);
        liveOrders.put(sessionId, order);
    }

    /** Remembers when a session's delivery first started (for dashboards: startedAt). */
    void noteDeliveryStart(ChannelState before, ChannelState after, Event event) {
        if (after.session() == null) {
            deliveryStarted.clear();                   // the session ended; the journal keeps its times
        } else if (after.infusion() == InfusionState.RUNNING && before.infusion() != InfusionState.RUNNING) {
            deliveryStarted.putIfAbsent(after.session().program().sessionId(), event.at().wall());
        }
    }

    /** After each live step: the delivered total a session that ends next is closed with. */
    void noteDelivered(ChannelState state) {
        if (state.session() != null) {
            lastDelivered = state.delivered();
        }
    }

    /** Course history (SR-K1): a session opens when its program is accepted. */
    void openSession(String sessionId, ProgramOrder order) throws JournalException {
        journal.openSession(channel, sessionId, order.patientId(), order.drugId());
    }

    /** Course history (SR-K1): a session closes when it ends, with the drug amount it delivered. */
    void closeSession(String sessionId) throws JournalException {
        ProgramOrder order = liveOrders.get(sessionId);
        OrderOnRecord onRecord = orders.get(sessionId);
        Volume delivered = lastDelivered;
        DeliveredDose dose = order != null ? DeliveredDose.of(order.infusion().concentration(), delivered)
                : DeliveredDose.fromRecord(onRecord, delivered);
        journal.closeSession(channel, sessionId, dose.baseValue(), dose.baseUnit());
    }

    /** The checked order of {@code sessionId}, when this process or the journal knows it. */
    Optional<ProgramOrder> order(String sessionId) {
        return Optional.ofNullable(liveOrders.get(sessionId));
    }

    /** When the delivery of {@code sessionId} first started, if it has. */
    Optional<Instant> deliveryStarted(String sessionId) {
        return Optional.ofNullable(deliveryStarted.get(sessionId));
    }

    /**
     * The loaded program of {@code session} as a snapshot shows it, or {@code null} when its order is not
     * known (a journal written before orders were kept).
     *
     * @param expectedEnd when delivery is expected to finish, or {@code null} when not running
     */
    ChannelSnapshot.LoadedProgram loadedProgram(ChannelState.Session session, Instant expectedEnd) {
        String sessionId = session.program().sessionId();
        ProgramOrder order = liveOrders.get(sessionId);
        OrderOnRecord onRecord = orders.get(sessionId);
        if (order == null || onRecord == null) {
            return null;
        }
        return new ChannelSnapshot.LoadedProgram(order, session.programmedBy(), onRecord.at(), session.confirmedBy(),
                deliveryStarted.get(sessionId), expectedEnd, sessionId);
    }
}
