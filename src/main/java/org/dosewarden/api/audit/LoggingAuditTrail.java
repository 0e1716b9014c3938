package org.dosewarden.api.audit;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interim audit trail: writes each entry to the {@code dosewarden.audit} logger. It is {@link Secondary}, so
 * the journal-backed trail replaces it as soon as that bean exists. Not durable: a log is not the record.
 */
@Singleton
@Secondary
final class LoggingAuditTrail implements AuditTrail {

    private static final Logger AUDIT = LoggerFactory.getLogger("dosewarden.audit");

    @Override
    public void record(AuditEntry entry) {
        AUDIT.info("{} user={} authenticated={} channel={} action={} {} {} -> {} {} {} key={}", entry.at(),
                entry.user(), entry.authenticated(), entry.channel(), entry.action(), entry.method(), entry.path(),
                entry.status(), entry.outcome(), entry.detail(), entry.idempotencyKey());
    }
}
