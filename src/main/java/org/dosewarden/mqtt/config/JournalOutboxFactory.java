package org.dosewarden.mqtt.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import org.dosewarden.journal.Journal;
import org.dosewarden.mqtt.EventOutbox;
import org.dosewarden.mqtt.JournalOutbox;

/**
 * The MQTT outbox over the daemon's journal, as soon as a {@link Journal} bean exists. Record types listed in
 * {@code dosewarden.mqtt.events.exclude-types} are journaled but not published (default: the per-poll
 * {@code VOLUME_COUNTED} and {@code PUMP_COMMANDS}).
 */
@Factory
public class JournalOutboxFactory {

    @Singleton
    @Requires(beans = Journal.class)
    EventOutbox journalOutbox(Journal journal,
            @Value("${dosewarden.mqtt.events.exclude-types:}") List<String> excludeTypes) {
        return new JournalOutbox(journal, excludedTypes(excludeTypes));
    }

    /** The configured types without blanks (an unset key arrives as one empty string); none → the defaults. */
    static Set<String> excludedTypes(List<String> configured) {
        List<String> types = configured.stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
        return types.isEmpty() ? JournalOutbox.DEFAULT_EXCLUDED_TYPES : Set.copyOf(types);
    }
}
