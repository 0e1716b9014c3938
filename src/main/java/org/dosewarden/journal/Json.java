package org.dosewarden.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.dosewarden.json.JsonMappers;

/** The few JSON operations the journal needs: checking payloads and writing its own session payloads. */
final class Json {

    static final ObjectMapper MAPPER = JsonMappers.json();
    /**
     * Only for checking payloads, several a second per channel: field names are skipped over, not kept, so
     * they need not be canonicalized (Jackson's symbol table was most of the check's cost).
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build();

    private Json() {
    }

    /** Null when {@code text} is exactly one JSON object, otherwise why not (for error messages). */
    static String objectProblem(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return "payload must be a JSON object, found " + (first == null ? "nothing" : first.asString());
            }
            parser.skipChildren();
            JsonToken after = parser.nextToken();
            if (after != null) {
                return "payload must be one JSON object, found more after it at character "
                        + parser.currentTokenLocation().getCharOffset();
            }
            return null;
        } catch (JsonProcessingException e) {
            return "payload is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at character " + e.getLocation().getCharOffset());
        } catch (IOException e) {
            return "payload is not valid JSON: " + e.getMessage();
        }
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    static JsonNode read(String text) throws IOException {
        return MAPPER.readTree(text);
    }
}
