package org.dosewarden.mqtt;

import static org.dosewarden.mqtt.Fixtures.TOPICS;
import static org.dosewarden.mqtt.Fixtures.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.mqtt.config.MqttProperties;
import org.dosewarden.mqtt.config.MqttSetup;
import org.dosewarden.testing.Ports;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssl://} to a real Mosquitto TLS listener: trusted CA connects, an unknown CA is refused. */
@Timeout(120)
class TlsLinkTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    @DisplayName("ssl:// with the clinic CA in the trust store connects (hostname verified); the JVM default trust refuses a private CA")
    void tlsWithConfiguredTrustStore() throws Exception {
        Path ca = dir.resolve("ca");
        Files.createDirectories(ca);
        openssl(ca, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=dosewarden test CA",
                "-keyout", "ca.key", "-out", "ca.crt");
        openssl(ca, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "broker.key",
                "-out", "broker.csr");
        Files.writeString(ca.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl(ca, "x509", "-req", "-in", "broker.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "san.ext", "-out", "broker.crt");
        run(ca, "keytool", "-importcert", "-noprompt", "-alias", "clinic-ca", "-file", "ca.crt", "-keystore",
                "trust.p12", "-storetype", "PKCS12", "-storepass", "changeit");

        int tlsPort = Ports.free();
        try (MosquittoBroker broker = MosquittoBroker.prepare(dir, TOPICS.root(), List.of(
                "listener " + tlsPort + " 127.0.0.1",
                "cafile " + ca.resolve("ca.crt"),
                "certfile " + ca.resolve("broker.crt"),
                "keyfile " + ca.resolve("broker.key")))) {
            broker.start();
            MqttProperties.Tls tls = new MqttProperties.Tls();
            tls.setTrustStore(ca.resolve("trust.p12").toString());
            tls.setTrustStorePassword("changeit");
            String url = "ssl://127.0.0.1:" + tlsPort;
            LinkSettings settings = Fixtures.settings(url).withSocketFactory(MqttSetup.tls(tls));
            try (DashboardLink link = new DashboardLink(settings, new ManualTimeSource(), new InMemoryOutbox());
                 TestClient dash = TestClient.connect(broker.url(), MosquittoBroker.DASHBOARD,
                         MosquittoBroker.DASHBOARD_PASSWORD).subscribe(TOPICS.status("a"))) {
                link.start();
                awaitTrue("connected over TLS", WAIT, () -> link.state() == BrokerLinkState.CONNECTED);
                link.publishStatus("a", Fixtures.running(4, new ManualTimeSource().wallTime()));
                assertTrue(dash.await(TOPICS.status("a"), WAIT).payload().contains("\"seq\":4"));
            }

            // Without the clinic CA the broker's certificate is not trusted: no connection, retried, never insecure.
            LinkSettings untrusted = Fixtures.settings(url).withSocketFactory(MqttSetup.tls(new MqttProperties.Tls()));
            List<BrokerLinkState> states = new CopyOnWriteArrayList<>();
            try (DashboardLink link = new DashboardLink(untrusted, new ManualTimeSource(), new InMemoryOutbox())) {
                link.onStateChange(states::add);
                link.start();
                awaitTrue("two failed attempts", WAIT,
                        () -> states.stream().filter(s -> s == BrokerLinkState.DISCONNECTED).count() >= 2);
                assertTrue(!states.contains(BrokerLinkState.CONNECTED), "connected to an untrusted broker: " + states);
            }
        }
    }

    private static void openssl(Path dir, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        run(dir, cmd);
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " hung");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
    }
}
