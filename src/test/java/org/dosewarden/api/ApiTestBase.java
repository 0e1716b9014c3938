package org.dosewarden.api;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.dosewarden.testing.TempDirs;

/**
 * Common ground of the API tests: the app on a random port with the {@code apitest} users, the in-memory
 * channel double, and a real SQLite journal and idempotency store in a fresh temporary data directory.
 * Subclasses carry {@code @MicronautTest(environments = "apitest")}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiTestBase implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    InMemoryChannels channels;

    Http http;

    Path dataDir;

    @Override
    public Map<String, String> getProperties() {
        dataDir = TempDirs.create("dw-api-test");
        return Map.of("dosewarden.data-dir", dataDir.toString());
    }

    @BeforeEach
    void resetChannels() {
        http = new Http(client);
        channels.reset();
    }
}
