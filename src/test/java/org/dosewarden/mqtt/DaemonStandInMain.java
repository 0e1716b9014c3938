package org.dosewarden.mqtt;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.dosewarden.clock.TimeSource;

/**
 * A separate JVM for {@link LastWillTest}: runs a {@link DashboardLink} like the daemon does, prints
 * {@code CONNECTED} once the broker accepted it, then waits to be killed.
 * Arguments: broker url, user, password, site, device.
 */
public final class DaemonStandInMain {

    private DaemonStandInMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        TopicTree topics = TopicTree.of(TopicTree.DEFAULT_ROOT_TEMPLATE, args[3], args[4]);
        LinkSettings settings = LinkSettings.defaults(args[0], "stand-in-" + ProcessHandle.current().pid(),
                args[1], args[2], topics, List.of(new ChannelEndpoint("a", "Bed 1", topics.vitals("a"))));
        DashboardLink link = new DashboardLink(settings, TimeSource.system(), new InMemoryOutbox());
        CountDownLatch connected = new CountDownLatch(1);
        link.onStateChange(s -> {
            if (s == BrokerLinkState.CONNECTED) {
                connected.countDown();
            }
        });
        link.start();
        connected.await();
        System.out.println("CONNECTED");
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGKILL
    }
}
