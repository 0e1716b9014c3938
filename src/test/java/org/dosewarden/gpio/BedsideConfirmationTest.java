package org.dosewarden.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.dosewarden.clock.ManualTimeSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bedside confirm button: a remote start or rate increase waits for a press, up to the timeout. */
class BedsideConfirmationTest {

    @Test
    @DisplayName("a press at the bedside confirms the waiting start")
    void pressConfirms() {
        try (BedsideRig rig = new BedsideRig("confirm-button.timeout", "30s").settled()) {
            CompletableFuture<ConfirmationOutcome> start = rig.panel.requestConfirmation("start channel a");
            assertEquals("start channel a", rig.panel.status().confirmButton().pendingRequest());
            rig.run(Duration.ofSeconds(3));
            assertFalse(start.isDone());
            rig.confirmPressed();
            rig.run(Duration.ofMillis(19));
            assertFalse(start.isDone(), "a press is debounced like the emergency stop");
            rig.run(Duration.ofMillis(1));
            assertEquals(ConfirmationOutcome.CONFIRMED, start.getNow(null));
            assertTrue(start.getNow(null).permitsAction());
            assertEquals(null, rig.panel.status().confirmButton().pendingRequest());
        }
    }

    @Test
    @DisplayName("no press within the timeout refuses the start, exactly at the timeout on virtual time")
    void timeoutRefuses() {
        try (BedsideRig rig = new BedsideRig("confirm-button.timeout", "10s").settled()) {
            CompletableFuture<ConfirmationOutcome> start = rig.panel.requestConfirmation("start channel a");
            rig.step(Duration.ofMillis(9_999));
            assertFalse(start.isDone());
            rig.step(Duration.ofMillis(1));
            assertEquals(ConfirmationOutcome.TIMED_OUT, start.getNow(null));
            assertFalse(start.getNow(null).permitsAction());
            // A press after the timeout confirms nothing retroactively.
            rig.confirmPressed();
            rig.run(Duration.ofMillis(30));
            assertEquals(ConfirmationOutcome.TIMED_OUT, start.join());
        }
    }

    @Test
    @DisplayName("a bounce shorter than the debounce does not confirm")
    void bounceDoesNotConfirm() {
        try (BedsideRig rig = new BedsideRig("confirm-button.timeout", "5s").settled()) {
            CompletableFuture<ConfirmationOutcome> start = rig.panel.requestConfirmation("rate increase channel a");
            for (int i = 0; i < 10; i++) {
                rig.confirmPressed();
                rig.run(Duration.ofMillis(8));
                rig.confirmReleased();
                rig.run(Duration.ofMillis(8));
            }
            rig.run(Duration.ofSeconds(5));
            assertEquals(ConfirmationOutcome.TIMED_OUT, start.getNow(null));
        }
    }

    @Test
    @DisplayName("a button already held when the request arrives does not confirm it")
    void heldButtonDoesNotConfirm() {
        try (BedsideRig rig = new BedsideRig("confirm-button.timeout", "2s").settled()) {
            rig.confirmPressed();
            rig.run(Duration.ofMillis(50));
            CompletableFuture<ConfirmationOutcome> start = rig.panel.requestConfirmation("start channel a");
            rig.run(Duration.ofSeconds(2));
            assertEquals(ConfirmationOutcome.TIMED_OUT, start.getNow(null));
        }
    }

    @Test
    @DisplayName("one press never confirms two actions: a second request while one waits is refused as busy")
    void secondRequestBusy() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            CompletableFuture<ConfirmationOutcome> first = rig.panel.requestConfirmation("start channel a");
            assertEquals(ConfirmationOutcome.BUSY, rig.panel.requestConfirmation("start channel b").getNow(null));
            rig.confirmPressed();
            rig.run(Duration.ofMillis(20));
            assertEquals(ConfirmationOutcome.CONFIRMED, first.getNow(null));
            // The same (still held) press does not carry over to the next request.
            CompletableFuture<ConfirmationOutcome> next = rig.panel.requestConfirmation("start channel b");
            rig.run(Duration.ofSeconds(31));
            assertEquals(ConfirmationOutcome.TIMED_OUT, next.getNow(null));
        }
    }

    @Test
    @DisplayName("confirm button not enabled -> not required; GPIO shut down -> unavailable (refuse)")
    void notRequiredAndUnavailable() {
        try (BedsideRig rig = new BedsideRig("confirm-button.enabled", "false").settled()) {
            assertEquals(ConfirmationOutcome.NOT_REQUIRED, rig.panel.awaitConfirmation("start channel a"));
        }
        BedsideRig rig = new BedsideRig().settled();
        CompletableFuture<ConfirmationOutcome> waiting = rig.panel.requestConfirmation("start channel a");
        rig.close();
        assertEquals(ConfirmationOutcome.UNAVAILABLE, waiting.getNow(null));
        assertEquals(ConfirmationOutcome.UNAVAILABLE, rig.panel.awaitConfirmation("start channel a"));
        var broken = BedsidePanel.unavailable("bad config", new ManualTimeSource());
        assertEquals(ConfirmationOutcome.UNAVAILABLE, broken.awaitConfirmation("start channel a"));
        assertFalse(ConfirmationOutcome.UNAVAILABLE.permitsAction());
        assertEquals(ConfirmationOutcome.NOT_REQUIRED,
                BedsidePanel.disabled(GpioSettings.disabled(), new ManualTimeSource())
                        .awaitConfirmation("start channel a"));
    }

    @Test
    @DisplayName("cancelling the caller's future does not leave the button waiting forever")
    void callerCancelDoesNotWedge() {
        try (BedsideRig rig = new BedsideRig("confirm-button.timeout", "1s").settled()) {
            rig.panel.requestConfirmation("start channel a").cancel(true);
            assertEquals(ConfirmationOutcome.BUSY, rig.panel.requestConfirmation("start channel b").getNow(null));
            rig.run(Duration.ofSeconds(1));
            CompletableFuture<ConfirmationOutcome> next = rig.panel.requestConfirmation("start channel b");
            assertFalse(next.isDone(), "the earlier request has ended, a new one may wait");
        }
    }
}
