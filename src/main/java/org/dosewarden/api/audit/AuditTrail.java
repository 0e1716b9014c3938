package org.dosewarden.api.audit;

/**
 * Where the API's audit records go (SR-I1: every change and every refused attempt, with user, time,
 * channel and outcome). The production implementation writes them to the durable journal.
 */
public interface AuditTrail {

    /**
     * Records {@code entry} durably before returning. Called on a blocking thread, before the response is
     * sent.
     *
     * @throws AuditException when the entry could not be made durable
     */
    void record(AuditEntry entry);

    /** The audit trail could not record an entry. */
    final class AuditException extends RuntimeException {
        public AuditException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
