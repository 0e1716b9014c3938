package org.dosewarden.systemd;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.gpio.ChannelHealthSource;
import org.dosewarden.testing.NotifySocketListener;

/** The daemon's context with simulated channels, and a service watchdog fed from its liveness bean to a stand-in socket. */
final class DaemonWatchdog {

    private DaemonWatchdog() {
    }

    /** Properties of a daemon without HTTP, its journal in {@code data}, one simulated New Era per channel. */
    static Map<String, Object> daemon(Path data, String portPrefix, String... channels) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("dosewarden.data-dir", data.toString());
        for (String channel : channels) {
            String key = "dosewarden.channels." + channel + ".";
            properties.put(key + "profile", "sim-ne1000");
            properties.put(key + "port", "sim:" + portPrefix + "-" + channel);
            properties.put(key + "syringe", "bd-plastic-60ml");
        }
        return properties;
    }

    /** The service watchdog as the daemon makes it (WatchdogSec 15 s), sending with systemd-notify to {@code socket}. */
    static WatchdogFeeder feeder(ApplicationContext context, NotifySocketListener socket) {
        ServiceManagerNotifier notifier = ServiceManagerNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET",
                socket.path().toString(), "PATH", System.getenv("PATH")), "systemd-notify").orElseThrow();
        return new WatchdogFeeder(notifier, context.getBean(ChannelHealthSource.class), TimeSource.system(),
                Duration.ofSeconds(15));
    }
}
