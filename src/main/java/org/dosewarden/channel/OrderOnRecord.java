package org.dosewarden.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.library.PrescriptionJson;

/**
 * What the journal keeps of a loaded program order ({@link ChannelSupervisor#PROGRAM_ORDER}): the prescription
 * exactly as accepted, the overrides given with it, who loaded it and when. The safety-relevant plan is in
 * the journaled {@code ProgramInfusion} event itself; this record lets a restarted daemon show the same
 * program (the whole checked order) and count the same drug amounts.
 *
 * @param sessionId        session the order belongs to
 * @param prescriptionJson the prescription as accepted (canonical JSON)
 * @param overrides        soft limits overridden, as {@code limitId: reason}
 * @param libraryVersion   drug library version the order was checked against
 * @param user             who loaded it
 * @param at               wall time it was loaded
 * @param order            the checked order as loaded, or {@code null} in journals written before it was kept
 * @param pump             the channel's pump the order was checked and planned for, or {@code null} in journals
 *                         written before it was kept (a library-impact replay, SR-L1, checks against the same pump)
 */
record OrderOnRecord(String sessionId, String prescriptionJson, List<String> overrides, String libraryVersion,
                     String user, Instant at, ProgramOrder order, PumpCapability pump) {

    OrderOnRecord {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(prescriptionJson, "prescriptionJson");
        overrides = List.copyOf(overrides);
        Objects.requireNonNull(libraryVersion, "libraryVersion");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(at, "at");
    }

    static OrderOnRecord of(String sessionId, ProgramOrder order, String user, Instant at, PumpCapability pump) {
        return new OrderOnRecord(sessionId, order.prescriptionJson(), order.decision().overrides().stream()
                .map(o -> o.limitId() + ": " + o.reason()).toList(), order.infusion().libraryVersion(), user, at, order,
                pump);
    }

    /**
     * The prescription of this order: the checked order's own when it is on record, else the accepted wire form
     * read by the one prescription parser ({@link PrescriptionJson}), for journals written before the whole
     * order was kept.
     *
     * @throws org.dosewarden.library.PrescriptionFormatException when only the wire form is kept and it is not a
     *                                                           valid prescription
     */
    Prescription prescription() {
        return order != null ? order.infusion().prescription() : PrescriptionJson.parse(prescriptionJson);
    }

    String toJson() {
        return EventJson.writeValue(this);
    }

    static OrderOnRecord fromJson(String json) {
        try {
            return EventJson.mapper().readValue(json, OrderOnRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable program order in the journal: " + e.getOriginalMessage(), e);
        }
    }
}
