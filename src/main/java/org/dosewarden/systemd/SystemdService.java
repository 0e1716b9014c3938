package org.dosewarden.systemd;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.gpio.ChannelHealthSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon as a systemd {@code Type=notify} service: {@code READY=1} once the HTTP server listens (the channels
 * and the journal are up by then, and the embedded broker, which MqttService waits for before this hears of it), keep-alives from the {@link WatchdogFeeder} while every channel loop is alive,
 * {@code STOPPING=1} on shutdown. Does nothing unless systemd started the daemon with a notify socket.
 */
@Singleton
final class SystemdService implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(SystemdService.class);

    private final Optional<ServiceManagerNotifier> notifier;
    private final Optional<Duration> watchdog;
    private final ChannelHealthSource health;
    private final TimeSource time;
    private WatchdogFeeder feeder;

    SystemdService(ChannelHealthSource health, BeanProvider<TimeSource> timeSource,
            @Value("${dosewarden.systemd.notify-program:systemd-notify}") String notifyProgram) {
        Map<String, String> environment = System.getenv();
        this.notifier = ServiceManagerNotifier.fromEnvironment(environment, notifyProgram);
        this.watchdog = ServiceManagerNotifier.watchdogInterval(environment, ProcessHandle.current().pid());
        this.health = health;
        this.time = timeSource.find(null).orElseGet(TimeSource::system);
    }

    @Override
    public synchronized void onApplicationEvent(ServerStartupEvent event) {
        if (notifier.isEmpty()) {
            return;
        }
        ServiceManagerNotifier n = notifier.get();
        try {
            n.send("READY=1", "STATUS=started; " + event.getSource().getURL());
            LOG.info("told systemd the daemon is ready (notify socket {})", n.socket());
        } catch (IOException e) {
            LOG.error("could not tell systemd the daemon is ready: {}", e.getMessage());
        }
        watchdog.ifPresent(interval -> {
            feeder = new WatchdogFeeder(n, health, time, interval);
            feeder.start();
            LOG.info("service watchdog: keep-alives every {} ms while every channel loop is alive (WatchdogSec {} s)",
                    interval.dividedBy(3).toMillis(), interval.toSeconds());
        });
    }

    @PreDestroy
    synchronized void stopping() {
        if (feeder != null) {
            feeder.close();
        }
        notifier.ifPresent(n -> {
            try {
                n.send("STOPPING=1", "STATUS=stopping");
            } catch (IOException e) {
                LOG.warn("could not tell systemd the daemon is stopping: {}", e.getMessage());
            }
        });
    }
}
