package org.dosewarden.api.audit;

import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalWriteException;

/**
 * The audit trail in the durable journal: one {@value #RECORD_TYPE} record per audited request, on the
 * request's channel (so a channel's journal shows who tried what on it) or on {@value #API_CHANNEL} for
 * requests about no known channel. {@link #record} returns once the record is durable (SR-G1).
 *
 * <p>Payload: {@code {"at","user","authenticated","action","method","path","status","outcome","detail",
 * "idempotencyKey"}}.
 */
@Singleton
@Requires(beans = Journal.class)
final class JournalAuditTrail implements AuditTrail {

    /** Journal record type of an audit entry. */
    static final String RECORD_TYPE = "api.audit";
    /** Journal channel for requests that name no known channel. */
    static final String API_CHANNEL = "api";

    private final Journal journal;
    private final JsonMapper json;

    JournalAuditTrail(Journal journal, JsonMapper json) {
        this.journal = journal;
        this.json = json;
    }

    @Override
    public void record(AuditEntry entry) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("at", entry.at().toString());
        payload.put("user", entry.user());
        payload.put("authenticated", entry.authenticated());
        payload.put("action", entry.action());
        payload.put("method", entry.method());
        payload.put("path", entry.path());
        payload.put("status", entry.status());
        payload.put("outcome", entry.outcome());
        payload.put("detail", entry.detail());
        payload.put("idempotencyKey", entry.idempotencyKey());
        try {
            journal.append(entry.channel().isEmpty() ? API_CHANNEL : entry.channel(), RECORD_TYPE,
                    json.writeValueAsString(payload));
        } catch (JournalWriteException | IOException e) {
            throw new AuditException("audit entry not journaled: " + e.getMessage(), e);
        }
    }
}
