package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** docs/safety-core.md states the alarm table and the lifecycle exactly as the code has them. */
class SafetyCoreDocTest {

    private static String doc() throws IOException {
        return Files.readString(Path.of("docs", "safety-core.md"));
    }

    @Test
    @DisplayName("SR-C1: every alarm type is documented with its code's priority, action, latching and clinician text")
    void alarmTableMatchesCode() throws IOException {
        String doc = doc();
        for (AlarmType t : AlarmType.values()) {
            String row = "| `" + t + "` | " + t.priority() + " | " + t.action() + " | " + (t.latched() ? "yes" : "no") + " |";
            assertTrue(doc.contains(row), "docs/safety-core.md lacks the row " + row);
            assertTrue(doc.contains(t.clinicianText()), "docs/safety-core.md lacks the text of " + t);
        }
    }

    @Test
    @DisplayName("The Mermaid diagram shows every legal clinician transition that changes the state")
    void diagramHasEveryTransition() throws IOException {
        String doc = doc();
        for (Transitions.IntentKind k : Transitions.IntentKind.values()) {
            Transitions.rowsFor(k).forEach((from, to) -> {
                if (from != to) {
                    String edge = "    " + from + " --> " + to + ": ";
                    assertTrue(doc.contains(edge), "diagram lacks " + edge.strip() + " (" + k + ")");
                }
            });
        }
    }
}
