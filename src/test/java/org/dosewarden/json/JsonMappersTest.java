package org.dosewarden.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one Jackson setup (issue 16): strict reading of JSON and YAML, one shape for what we write. */
class JsonMappersTest {

    @Test
    @DisplayName("issue 16: a repeated member is an error in JSON and in YAML, naming it")
    void repeatedMembersAreErrors() {
        JsonProcessingException json = assertThrows(JsonProcessingException.class,
                () -> JsonMappers.json().readTree("{\"rate\": 1, \"rate\": 9}"));
        assertTrue(json.getOriginalMessage().contains("'rate'"), json.getOriginalMessage());
        JsonProcessingException yaml = assertThrows(JsonProcessingException.class,
                () -> JsonMappers.yaml().readTree("rate: 1\nrate: 9\n"));
        assertTrue(yaml.getOriginalMessage().contains("'rate'"), yaml.getOriginalMessage());
        JsonProcessingException built = assertThrows(JsonProcessingException.class,
                () -> JsonMappers.jsonBuilder().build().readTree("{\"a\": {\"b\": 1, \"b\": 1}}"));
        assertTrue(built.getOriginalMessage().contains("'b'"), built.getOriginalMessage());
    }

    @Test
    @DisplayName("issue 16: text after the document is an error, not ignored")
    void trailingTextIsAnError() {
        assertThrows(JsonProcessingException.class, () -> JsonMappers.json().readValue("{} {}", Map.class));
        assertThrows(JsonProcessingException.class, () -> JsonMappers.json().readValue("{\"a\": 1} x", Map.class));
    }

    @Test
    @DisplayName("issue 16: decimals are read exactly, never through a double")
    void decimalsAreExact() throws Exception {
        JsonNode n = JsonMappers.json().readTree("{\"v\": 0.1000000000000000055511151231257827}");
        assertEquals(new BigDecimal("0.1000000000000000055511151231257827"), n.get("v").decimalValue());
        assertEquals(new BigDecimal("26.59"), JsonMappers.yaml().readTree("d: 26.59").get("d").decimalValue());
    }

    @Test
    @DisplayName("issue 16: what we write: plain decimals, ISO-8601 instants and durations, Optional as value or null")
    void oneShapeForWhatWeWrite() throws Exception {
        record Sample(BigDecimal amount, Instant at, Duration span, Optional<String> bed, Optional<String> none) {
        }
        String text = JsonMappers.json().writeValueAsString(new Sample(new BigDecimal("1E+1"),
                Instant.parse("2026-01-01T08:00:00Z"), Duration.ofMinutes(40), Optional.of("bay-1"), Optional.empty()));
        assertEquals("{\"amount\":10,\"at\":\"2026-01-01T08:00:00Z\",\"span\":\"PT40M\",\"bed\":\"bay-1\",\"none\":null}",
                text);
    }

    @Test
    void theSharedMappersAreShared() {
        assertSame(JsonMappers.json(), JsonMappers.json());
        assertSame(JsonMappers.yaml(), JsonMappers.yaml());
    }
}
