package org.dosewarden.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS keys documented in docs/api.md really serve HTTPS (PKCS12 keystore made with keytool). */
class TlsConfigTest {

    @Test
    @DisplayName("micronaut.server.ssl with a PKCS12 keystore serves the API over HTTPS; SR-U1: the console's "
            + "session cookie is then Secure with the __Host- name")
    void servesHttps(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("tls.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "dosewarden", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "test-store-pw",
                "-keypass", "test-store-pw").redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, keytool.exitValue(), new String(keytool.getInputStream().readAllBytes()));

        Map<String, Object> properties = Map.of(
                "micronaut.server.port", -1,
                "micronaut.server.ssl.enabled", true,
                "micronaut.server.ssl.port", -1,
                "micronaut.server.ssl.key-store.path", "file:" + keystore,
                "micronaut.server.ssl.key-store.type", "PKCS12",
                "micronaut.server.ssl.key-store.password", "test-store-pw",
                "micronaut.http.client.ssl.insecure-trust-all-certificates", true,
                "dosewarden.data-dir", dir.resolve("data").toString(),
                // clin-a of application-apitest.yml (password in ApiUsers)
                "dosewarden.users.nurse.password-hash",
                "pbkdf2-sha256:600000:ZLiNGitBmG0QKrc4B7wXwg:I_uLVKSBBDIlF-SbI5lqK_Fu_bUwKHf6oN8EJ7PyM_o",
                "dosewarden.users.nurse.roles", java.util.List.of("clinician"));
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties, "test")) {
            URL url = server.getURL();
            assertEquals("https", url.getProtocol(), url.toString());
            try (HttpClient client = server.getApplicationContext().createBean(HttpClient.class, url)) {
                HttpResponse<String> health = client.toBlocking().exchange(HttpRequest.GET("/health"), String.class);
                assertEquals(200, health.code());
                assertTrue(health.body().contains("UP"), health.body());

                HttpResponse<String> signIn = client.toBlocking().exchange(HttpRequest.POST("/api/session",
                        "{\"username\":\"nurse\",\"password\":\"" + ApiUsers.CLIN_A.password + "\"}")
                        .contentType("application/json"), String.class);
                assertEquals(200, signIn.code());
                String cookie = signIn.getHeaders().get("Set-Cookie");
                assertTrue(cookie.startsWith("__Host-dw-session="), cookie);
                assertTrue(cookie.contains("Secure") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"),
                        cookie);
            }
        }
    }

}
