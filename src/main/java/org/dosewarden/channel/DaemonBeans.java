package org.dosewarden.channel;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dosewarden.clock.ScaledTimeSource;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalException;
import org.dosewarden.pump.profile.DeviceProfiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's shared parts: its one clock, its journal and its device profiles. Each fails closed: a
 * journal that cannot be opened durably stops the daemon with the reason (DESIGN.md principle 4).
 */
@Factory
final class DaemonBeans {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonBeans.class);

    /**
     * Real time, or real time sped up by {@code dosewarden.time-factor} (demo only: a 40 minute session in
     * 4 minutes at 10). The simulator and the supervision loops share it so their physics agree.
     */
    @Singleton
    TimeSource timeSource(@Value("${dosewarden.time-factor:1}") long factor) {
        if (factor < 1 || factor > 1000) {
            throw new IllegalArgumentException("dosewarden.time-factor is " + factor + "; it must be 1..1000");
        }
        if (factor == 1) {
            return TimeSource.system();
        }
        LOG.warn("time runs {} times faster than real time (dosewarden.time-factor): for demonstrations only", factor);
        return new ScaledTimeSource(TimeSource.system(), factor);
    }

    /** The durable journal at {@code dosewarden.data-dir}/journal.db; the daemon refuses to run without it. */
    @Singleton
    @Bean(preDestroy = "close")
    Journal journal(@Value("${dosewarden.data-dir:./data}") String dataDir, TimeSource time) throws JournalException {
        Path dir = Path.of(dataDir).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("dosewarden.data-dir " + dir + " cannot be created: " + e.getMessage(), e);
        }
        Journal journal = Journal.open(dir, time);
        LOG.info("journal open at {} (last record {})", journal.file(), journal.lastSequence());
        return journal;
    }

    /** Device profiles from {@code dosewarden.device-profiles} if set, else the standard places. */
    @Singleton
    DeviceProfiles deviceProfiles(@Value("${dosewarden.device-profiles:}") String directory) {
        return directory.isBlank() ? DeviceProfiles.standard() : DeviceProfiles.in(Path.of(directory));
    }
}
