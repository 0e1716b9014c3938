package org.dosewarden.mqtt;

import static org.dosewarden.mqtt.Fixtures.TOPICS;
import static org.dosewarden.mqtt.Fixtures.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalEntry;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.AdditionalAnswers;

/**
 * SR-D4 with a Paho client that fails in ways a real broker does not on demand: it throws when asked to connect
 * (a checked MQTT error, or an unchecked one from deep inside the client), or when asked to publish. Each client
 * is a Mockito stand-in delegating to a real Paho client on a real Mosquitto, with the fault switched on and off
 * by the test; the outbox is the real SQLite journal. The daemon's side must not notice beyond the link state:
 * journaling goes on, the cursor only moves on the broker's acknowledgements, and once the client works again
 * every journaled event reaches a dashboard, in order, none missing.
 */
@Timeout(120)
class MqttClientFaultTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource();
    private MosquittoBroker broker;
    private Journal journal;
    private JournalOutbox outbox;
    private DashboardLink link;
    /** The fault the next client call raises, or null for none. */
    private final AtomicReference<Exception> connectFault = new AtomicReference<>();
    private final AtomicReference<Exception> publishFault = new AtomicReference<>();
    private final AtomicInteger clientsMade = new AtomicInteger();
    private final AtomicInteger faultsRaised = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        broker = MosquittoBroker.start(dir, TOPICS.root());
        journal = Journal.open(dir.resolve("journal"), time);
        outbox = new JournalOutbox(journal, JournalOutbox.DEFAULT_EXCLUDED_TYPES);
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) {
            link.close();
        }
        broker.close();
        journal.close();
    }

    /** A real Paho client behind a Mockito stand-in that throws the armed fault on connect or publish. */
    private MqttAsyncClient faultyClient(String serverUri, String clientId) throws MqttException {
        clientsMade.incrementAndGet();
        MqttAsyncClient real = BrokerConnection.PAHO.create(serverUri, clientId);
        MqttAsyncClient client = mock(MqttAsyncClient.class, withSettings().defaultAnswer(AdditionalAnswers.delegatesTo(real)));
        doAnswer(inv -> {
            throwIfArmed(connectFault);
            return real.connect(inv.getArgument(0), inv.getArgument(1), inv.getArgument(2));
        }).when(client).connect(any(MqttConnectOptions.class), any(), any(IMqttActionListener.class));
        doAnswer(inv -> {
            throwIfArmed(publishFault);
            return real.publish(inv.getArgument(0), inv.getArgument(1), inv.getArgument(2), inv.getArgument(3),
                    inv.getArgument(4), inv.getArgument(5));
        }).when(client).publish(anyString(), any(byte[].class), anyInt(), anyBoolean(), any(), any(IMqttActionListener.class));
        return client;
    }

    private void throwIfArmed(AtomicReference<Exception> fault) throws Exception {
        Exception e = fault.get();
        if (e != null) {
            faultsRaised.incrementAndGet();
            throw e;
        }
    }

    private long journalEvents(String type, int n) throws Exception {
        long seq = 0;
        for (int i = 0; i < n; i++) {
            time.advance(Duration.ofSeconds(1));
            seq = journal.append("a", type, "{\"i\":" + i + "}").sequence();
        }
        link.wakeOutbox();
        return seq;
    }

    /** Every journaled record the outbox publishes reached the dashboard, first arrivals in journal order. */
    private void everyEventDeliveredInOrder(TestClient dash, long last) throws Exception {
        dash.await(r -> r.topic().equals(TOPICS.events("a")) && DashboardLinkMosquittoTest.seq(r.payload()) == last, WAIT);
        awaitTrue("cursor at the last event", WAIT, () -> outbox.acknowledgedUpTo() == last);
        List<Long> firstSeen = new ArrayList<>(new LinkedHashSet<>(dash.all().stream()
                .filter(r -> r.topic().equals(TOPICS.events("a")))
                .map(r -> DashboardLinkMosquittoTest.seq(r.payload())).toList()));
        List<Long> journaled = new ArrayList<>();
        for (JournalEntry e : journal.readAfter(0, 10_000)) {
            if (!JournalOutbox.DEFAULT_EXCLUDED_TYPES.contains(e.type())) {
                journaled.add(e.sequence());
            }
        }
        assertEquals(journaled, firstSeen, "every event, once, in journal order");
    }

    @Test
    @DisplayName("SR-D4: connect throws (checked, then unchecked): retried with new clients, journaling goes on, nothing lost")
    void connectThrows() throws Exception {
        connectFault.set(new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR));
        link = new DashboardLink(Fixtures.settings(broker.url()), time, outbox, this::faultyClient);
        link.start();
        awaitTrue("a first connect failed", WAIT, () -> faultsRaised.get() >= 1);
        connectFault.set(new IllegalStateException("socket factory broken"));
        int before = faultsRaised.get();
        awaitTrue("retried after an unchecked failure too", WAIT, () -> faultsRaised.get() > before);

        long last = journalEvents("ALARM_RAISED", 5);
        for (int i = 0; i < 100; i++) {
            link.publishStatus("a", Fixtures.running(i, time.wallTime())); // never blocks, never throws
        }
        assertNotEquals(BrokerLinkState.CONNECTED, link.state());
        assertEquals(0, outbox.acknowledgedUpTo(), "nothing acknowledged without a broker connection");
        assertEquals(new OutboxBacklog(last, 0), link.outboxBacklog());
        assertTrue(clientsMade.get() >= 2, "a failed client is replaced: " + clientsMade.get());

        try (TestClient dash = TestClient.connect(broker.url(), MosquittoBroker.DASHBOARD,
                MosquittoBroker.DASHBOARD_PASSWORD).subscribe(TOPICS.everything())) {
            connectFault.set(null);
            awaitTrue("connected once the client works", WAIT, () -> link.state() == BrokerLinkState.CONNECTED);
            everyEventDeliveredInOrder(dash, last);
            assertEquals(99, DashboardLinkMosquittoTest.seq(dash.await(TOPICS.status("a"), WAIT).payload()),
                    "the latest status is published");
        }
    }

    @Test
    @DisplayName("SR-D4: publish throws (checked, then unchecked): the cursor holds, the link recovers, every event arrives once in order")
    void publishThrows() throws Exception {
        link = new DashboardLink(Fixtures.settings(broker.url()), time, outbox, this::faultyClient);
        try (TestClient dash = TestClient.connect(broker.url(), MosquittoBroker.DASHBOARD,
                MosquittoBroker.DASHBOARD_PASSWORD).subscribe(TOPICS.everything())) {
            link.start();
            awaitTrue("connected", WAIT, () -> link.state() == BrokerLinkState.CONNECTED);
            long first = journalEvents("STATE_CHANGED", 3);
            awaitTrue("first events acknowledged", WAIT, () -> outbox.acknowledgedUpTo() == first);

            publishFault.set(new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED));
            long during = journalEvents("ALARM_RAISED", 4);
            awaitTrue("a publish was refused", WAIT, () -> faultsRaised.get() >= 1);
            assertEquals(first, outbox.acknowledgedUpTo(), "the cursor does not pass a refused publish");

            publishFault.set(new IllegalArgumentException("payload encoder broken"));
            int before = faultsRaised.get();
            long more = journalEvents("INTERLOCK", 4);
            awaitTrue("an unchecked failure on publish too", WAIT, () -> faultsRaised.get() > before);
            assertEquals(first, outbox.acknowledgedUpTo(), "the cursor does not pass a failed publish");
            assertTrue(during < more);

            publishFault.set(null);
            awaitTrue("connected again", WAIT, () -> link.state() == BrokerLinkState.CONNECTED);
            everyEventDeliveredInOrder(dash, more);
        }
    }
}
