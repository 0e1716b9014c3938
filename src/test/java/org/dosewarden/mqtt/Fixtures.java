package org.dosewarden.mqtt;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Shared builders for MQTT tests. */
public final class Fixtures {

    public static final String SITE = "clinic";
    public static final String DEVICE = "dw1";
    public static final TopicTree TOPICS = TopicTree.of(TopicTree.DEFAULT_ROOT_TEMPLATE, SITE, DEVICE);
    public static final String VITALS_A = MosquittoBroker.VITALS_ROOT + "/bed-1/vitals";
    public static final ChannelEndpoint CHANNEL_A = new ChannelEndpoint("a", "Bed 1", VITALS_A);
    public static final ChannelEndpoint CHANNEL_B = new ChannelEndpoint("b", "Bed 2", MosquittoBroker.VITALS_ROOT + "/bed-2/vitals");

    private Fixtures() {
    }

    /** Settings for the daemon account with short retry timings so tests do not wait on backoff. */
    public static LinkSettings settings(String url) {
        return LinkSettings.defaults(url, "dosewarden-test-" + System.nanoTime() % 1_000_000,
                        MosquittoBroker.DAEMON, MosquittoBroker.DAEMON_PASSWORD, TOPICS, List.of(CHANNEL_A, CHANNEL_B))
                .withTimings(LinkSettings.DEFAULT_HEARTBEAT, Duration.ofMillis(100), Duration.ofMillis(500));
    }

    public static StatusSnapshot running(long seq, Instant ts) {
        return new StatusSnapshot(ts, seq, "RUNNING", "ketamine", "Bed 1", new BigDecimal("52.5"),
                Quantity.of("0.75", "mg/kg/h"), new BigDecimal("12.25"), Quantity.of("12.25", "mg"),
                Quantity.of("35", "mg"), 1, ts.minusSeconds(840), ts.plusSeconds(1560), "CONNECTED", 0);
    }

    public static AlarmView alarm(String id, Instant since) {
        return new AlarmView(id, "OVER_INFUSION", AlarmView.Priority.HIGH, since, null, null,
                "Delivered volume 14.1 mL is above the expected 12.3 mL beyond the 10 % tolerance; pump stopped",
                AlarmView.PumpAction.STOP);
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@code timeout}. */
    public static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        org.dosewarden.testing.LiveChannel.waitFor(condition, timeout, what);
    }
}
