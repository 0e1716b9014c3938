package org.dosewarden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.dosewarden.testing.DaemonProcess;
import org.dosewarden.testing.Ports;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/install-pi.md's TLS example, run from the page: its keytool line makes the key store, its two YAML
 * blocks become the configuration and secrets files, and the daemon (its own process, configured through
 * {@code MICRONAUT_CONFIG_FILES} as the installed launcher does) answers over HTTPS with that certificate,
 * and not over plain HTTP.
 */
class InstallGuideTlsTest {

    private static final Path GUIDE = Path.of("docs/install-pi.md");
    private static final String PASSWORD = "tls-test-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    @Test
    @DisplayName("the install guide's TLS key store and configuration serve the API over HTTPS only")
    void guideTlsServesHttps() throws Exception {
        String tls = section(Files.readString(GUIDE), "## TLS for the HTTP API and the console");
        Path etc = Files.createDirectories(dir.resolve("etc"));

        String keytool = block(tls, "```sh", "sudo keytool").strip().replaceFirst("^sudo ", "");
        Process p = new ProcessBuilder("bash", "-c", local(keytool, etc))
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, p.exitValue(), keytool + "\n" + said);

        Path config = etc.resolve("dosewarden.yml");
        Files.writeString(config, local(block(tls, "```yaml", "# /etc/dosewarden/dosewarden.yml"), etc));
        Path secrets = etc.resolve("secrets.yml");
        Files.writeString(secrets, block(tls, "```yaml", "# /etc/dosewarden/secrets.yml")
                .replace("${TLS_PASSWORD}", PASSWORD));

        int httpsPort = Ports.free();
        List<String> properties = List.of(
                "dosewarden.data-dir=" + dir.resolve("data"),
                "dosewarden.mqtt.embedded.port=" + Ports.free(),
                "dosewarden.mqtt.embedded.websocket-port=0",
                "micronaut.server.ssl.port=" + httpsPort);
        Map<String, String> env = Map.of("MICRONAUT_CONFIG_FILES", config + "," + secrets);
        try (DaemonProcess daemon = DaemonProcess.start(properties, dir.resolve("daemon.log"), env)) {
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(etc.resolve("tls.p12")))
                    .connectTimeout(Duration.ofSeconds(2)).build();
            URI health = URI.create("https://127.0.0.1:" + httpsPort + "/health");
            HttpResponse<String> answer = awaitAnswer(https, health, daemon);
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("UP"), answer.body());

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(URI.create(daemon.baseUri()
                    + "/health")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()),
                    "dual-protocol false: no plain HTTP");
        }
    }

    private static HttpResponse<String> awaitAnswer(HttpClient client, URI uri, DaemonProcess daemon)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline && daemon.isAlive()) {
            try {
                return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                last = notYet;
                Thread.sleep(250);
            }
        }
        throw new AssertionError("no HTTPS answer from " + uri + " (" + last + ")\n" + daemon.logTail(40));
    }

    /** An SSL context that trusts exactly the certificate in the guide's key store. */
    private static SSLContext trusting(Path keyStore) throws Exception {
        KeyStore own = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            own.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("dosewarden", own.getCertificate("dosewarden"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** The guide's paths under /etc/dosewarden are this test's directory; its password is this test's. */
    private static String local(String text, Path etc) {
        return text.replace("/etc/dosewarden/", etc + "/").replace("\"$TLS_PASSWORD\"", PASSWORD);
    }

    private static String section(String markdown, String heading) {
        int start = markdown.indexOf(heading);
        assertTrue(start >= 0, "no section '" + heading + "' in " + GUIDE);
        int end = markdown.indexOf("\n## ", start + heading.length());
        return end < 0 ? markdown.substring(start) : markdown.substring(start, end);
    }

    /** The body of the first fenced block opened by {@code fence} whose first line starts with {@code first}. */
    private static String block(String markdown, String fence, String first) {
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(fence) && i + 1 < lines.size() && lines.get(i + 1).startsWith(first)) {
                List<String> body = new ArrayList<>();
                for (int j = i + 1; j < lines.size() && !lines.get(j).strip().equals("```"); j++) {
                    body.add(lines.get(j));
                }
                return String.join("\n", body) + "\n";
            }
        }
        throw new AssertionError("no " + fence + " block starting with '" + first + "' in " + GUIDE);
    }
}
