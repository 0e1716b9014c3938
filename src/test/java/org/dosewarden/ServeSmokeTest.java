package org.dosewarden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The daemon starts and its health endpoint answers UP. */
@MicronautTest
class ServeSmokeTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void healthEndpointAnswersUp() {
        HttpResponse<String> response = client.toBlocking().exchange("/health", String.class);
        assertEquals(200, response.code());
        assertTrue(response.body().contains("\"status\":\"UP\""), response.body());
    }
}
