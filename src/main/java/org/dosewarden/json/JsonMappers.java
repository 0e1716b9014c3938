package org.dosewarden.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one place our Jackson mappers are made, so every document we read is read by the same rules and every
 * document we write has the same shape. Everything that reads outside input (HTTP bodies, MQTT messages, the
 * drug library, device profiles, prescriptions, the journal's payloads) uses these settings.
 *
 * <p>Reading is strict: a repeated member ({@code {"rate":1,"rate":9}}) is an error, not "the last one wins",
 * because a clinical document that says two things must not be half-believed; text after the document is an
 * error; decimals are read exactly as {@link java.math.BigDecimal}, never through a double.
 *
 * <p>Writing: decimals as plain numbers ({@code 10}, not {@code 1E+1}); instants and durations as ISO-8601
 * strings; {@link java.util.Optional} as its value or {@code null}.
 *
 * <p>YAML (our own files: the drug library, device profiles) is read by the same rules through Jackson's YAML
 * format; no other YAML parser is used by our code. The mappers handed out are shared and must not be
 * reconfigured; a caller that needs more (the journal's typed events) starts from {@link #jsonBuilder()}.
 */
public final class JsonMappers {

    private static final JsonMapper JSON = jsonBuilder().build();
    private static final YAMLMapper YAML = configure(YAMLMapper.builder()).build();

    private JsonMappers() {
    }

    /** The shared strict JSON mapper. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** The shared strict YAML mapper, for our own YAML files. */
    public static ObjectMapper yaml() {
        return YAML;
    }

    /**
     * A builder with the common settings, for a mapper that adds its own (type ids, visibility, the vitals
     * parser's non-numeric numbers). Build it once and keep it.
     */
    public static JsonMapper.Builder jsonBuilder() {
        return configure(JsonMapper.builder());
    }

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
        return builder
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module());
    }
}
