package org.dosewarden.cli;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the JVM's AOT cache recording once the daemon is ready, in the daemon that the package's
 * {@code dosewarden startup-cache} starts on simulated pumps to record the cache ({@code -XX:AOTCacheOutput}, with
 * {@value #PROPERTY}{@code =true}; docs/install-pi.md, "Footprint"). The daemon that supervises the pumps never
 * records: writing the recording takes the JVM to about 300 MB for some seconds.
 *
 * <p>A cache recorded up to readiness holds the classes of the start and no more: the JVM loads every class of the
 * cache as it starts, and a cache recorded over a whole run (web pages, infusions) gave no shorter start than the
 * class-data archive, while one recorded up to readiness saved 0.2 s of 1.2 s here (benchmarks-footprint.md,
 * fifth round). The JVM then writes the cache (a second JVM, some seconds of CPU, on a thread of its own here);
 * {@code startup-cache} waits for it and stops this daemon. Whatever happens here (a runtime without the command, a
 * failed write) is logged and changes nothing else: {@code startup-cache} reports that no cache came.
 */
@Singleton
final class StartupCacheRecording implements ApplicationEventListener<ServerStartupEvent> {

    /** Set by the launcher on a start that records an AOT cache. */
    static final String PROPERTY = "dosewarden.aot.end-recording-at-ready";

    private static final Logger LOG = LoggerFactory.getLogger(StartupCacheRecording.class);

    private Thread writer;

    @Override
    public synchronized void onApplicationEvent(ServerStartupEvent event) {
        if (!Boolean.getBoolean(PROPERTY) || writer != null) {
            return;
        }
        writer = new Thread(StartupCacheRecording::endRecording, "aot-cache-writer");
        writer.setDaemon(true);
        writer.setPriority(Thread.MIN_PRIORITY);
        writer.start();
    }

    /**
     * A stop while the cache is being written waits for it (at most two minutes), so that the JVM does not exit
     * in the middle of the write; the daemon's own shutdown (channels paused, journal closed) is not held up by
     * it, as those beans stop on their own.
     */
    @PreDestroy
    synchronized void stop() throws InterruptedException {
        if (writer != null) {
            writer.join(Duration.ofMinutes(2));
        }
    }

    private static void endRecording() {
        long start = System.nanoTime();
        try {
            Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "aotEndRecording",
                    new Object[0], new String[0]);
            LOG.info("start-up cache: the JVM asked to end its AOT recording at ready: {} ({} ms)", String.valueOf(answer).trim(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (JMException | RuntimeException e) {
            LOG.warn("start-up cache: could not end the AOT recording at ready ({}); the cache is written at the stop",
                    e.toString());
        }
    }
}
