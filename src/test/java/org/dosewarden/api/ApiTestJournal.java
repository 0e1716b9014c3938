package org.dosewarden.api;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalException;

/** A real SQLite journal in each API test's temporary data directory. */
@Factory
@Requires(env = "apitest")
class ApiTestJournal {

    @Singleton
    @Replaces(Journal.class)
    @Bean(preDestroy = "close")
    Journal journal(@Value("${dosewarden.data-dir}") String dataDir, TimeSource time) throws JournalException {
        return Journal.open(Path.of(dataDir), time);
    }
}
