package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the shell and the console read from the core's values: the same answers the core decides with. */
class CoreAccessorsTest {

    @Test
    @DisplayName("SR-G1: a session exists in every state but IDLE")
    void sessionStates() {
        for (InfusionState s : InfusionState.values()) {
            assertEquals(s != InfusionState.IDLE, s.hasSession(), s.name());
        }
    }

    @Test
    @DisplayName("SR-G1: a pump command is described in the journal as the command with its rate and volume")
    void commandDescriptions() {
        assertEquals("ProgramStep[stepIndex=0, rate=52.5 mL/h, vtbi=35 mL]", new PumpCommand.ProgramStep(0,
                FlowRate.ofMicrolitresPerHour(52_500), Volume.ofMicrolitres(35_000)).describe());
        assertEquals("StopPump[]", PumpCommand.STOP.describe());
    }

    @Test
    @DisplayName("SR-D3: the console's transition table for a start is the one row the core uses: PROGRAMMED to RUNNING")
    void transitionRows() {
        assertEquals(Map.of(InfusionState.PROGRAMMED, InfusionState.RUNNING), Transitions.rowsFor(Transitions.IntentKind.START));
        assertEquals(Map.of(InfusionState.TRIPPED, InfusionState.PAUSED, InfusionState.FAULT, InfusionState.PAUSED),
                Transitions.rowsFor(Transitions.IntentKind.RESET_TRIP));
    }

    @Test
    @DisplayName("SR-A4: keep-vein-open is allowed only with a rate and a limit; none is not allowed")
    void keepVeinOpenAllowed() {
        assertFalse(KeepVeinOpen.NONE.allowed());
        assertTrue(new KeepVeinOpen(FlowRate.ofMicrolitresPerHour(1_000), Volume.ofMicrolitres(500)).allowed());
    }

    @Test
    @DisplayName("SR-A1: the latest value of each vital sign is that sign's, not another's")
    void latestVitalBySign() {
        TestChannel ch = new TestChannel();
        ch.normalVitals();
        assertEquals(98, ch.state.vitals().of(VitalSign.SPO2).orElseThrow().value());
        assertEquals(72, ch.state.vitals().of(VitalSign.HEART_RATE).orElseThrow().value());
        assertEquals(14, ch.state.vitals().of(VitalSign.RESPIRATORY_RATE).orElseThrow().value());
    }
}
