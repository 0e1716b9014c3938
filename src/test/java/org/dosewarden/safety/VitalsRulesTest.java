package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.dosewarden.dose.library.VitalSign;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The vitals interlock with the designed defaults of clinical.md. */
class VitalsRulesTest {

    static VitalValue sbp(int v) {
        return VitalValue.of(VitalSign.SYSTOLIC_BP, v);
    }

    static VitalValue dbp(int v) {
        return VitalValue.of(VitalSign.DIASTOLIC_BP, v);
    }

    static VitalValue hr(int v) {
        return VitalValue.of(VitalSign.HEART_RATE, v);
    }

    static VitalValue spo2(int v) {
        return VitalValue.of(VitalSign.SPO2, v);
    }

    static SimulatedChannel programmed(boolean required) {
        SimulatedChannel sim = new SimulatedChannel();
        sim.program(TestChannel.ketamine(TestChannel.defaultVitals(required)));
        return sim;
    }

    static void vitals(SimulatedChannel sim, VitalValue... values) {
        sim.event(new Event.VitalsReading(sim.ch.now(), java.util.List.of(values)));
    }

    static void normal(SimulatedChannel sim) {
        vitals(sim, sbp(125), dbp(80), hr(72), spo2(98));
    }

    @Test
    @DisplayName("SR-V1: Vitals gate: BP above 160/100 refuses the start; exactly 160 passes ('> 160'); an override "
            + "with a reason lets it start")
    void preStartGate() {
        SimulatedChannel sim = programmed(false);
        vitals(sim, sbp(161), dbp(80), hr(72), spo2(98));
        Step refused = sim.start();
        assertEquals(Refusal.Kind.BLOCKED, refused.refusal().kind());
        assertTrue(refused.refusal().reason().contains("systolic blood pressure > 160 mmHg"), refused.refusal().reason());
        vitals(sim, sbp(160), dbp(100), hr(110), spo2(94));
        Step allowed = sim.start();
        assertNull(allowed.refusal(), String.valueOf(allowed.refusal()));
        sim.stop();
        sim.end("");
        sim.program(TestChannel.ketamine(TestChannel.defaultVitals(false)));
        vitals(sim, sbp(170), dbp(80), hr(72), spo2(98));
        assertTrue(sim.start().refused());
        Step blank = sim.intent(new Intent.OverrideVitalsGate(sim.ch.now(), sim.ch.by("dr.a"), ""));
        assertEquals(Refusal.Kind.INVALID, blank.refusal().kind());
        sim.intent(new Intent.OverrideVitalsGate(sim.ch.now(), sim.ch.by("dr.a"), "white-coat hypertension, repeat 150/90"));
        Step overridden = sim.start();
        assertNull(overridden.refusal());
        assertTrue(overridden.records().stream().anyMatch(r -> r.summary().contains("vitals gate overridden by dr.a")));
    }

    @Test
    @DisplayName("SR-V1: Vitals gate: readings older than 10 min refuse the start")
    void staleGate() {
        SimulatedChannel sim = programmed(false);
        normal(sim);
        sim.run(Duration.ofMinutes(10).plusSeconds(1));
        Step refused = sim.start();
        assertTrue(refused.refusal().reason().contains("within the last 10 min"), refused.refusal().reason());
    }

    @Test
    @DisplayName("SR-V2: Soft breach: SBP ≥ 160 on two consecutive readings alerts (160 counts), infusion continues; "
            + "one reading does not")
    void softBreachTwice() {
        SimulatedChannel sim = programmed(false);
        normal(sim);
        sim.start();
        vitals(sim, sbp(160), dbp(80));
        assertFalse(sim.ch.hasAlarm(AlarmType.VITALS_SOFT_BREACH));
        vitals(sim, sbp(150), dbp(80));
        vitals(sim, sbp(160), dbp(80));
        assertFalse(sim.ch.hasAlarm(AlarmType.VITALS_SOFT_BREACH), "a normal reading resets the count");
        vitals(sim, sbp(165), dbp(80));
        Alarm soft = sim.ch.alarmOf(AlarmType.VITALS_SOFT_BREACH);
        assertEquals(AlarmPriority.HIGH, soft.priority());
        assertTrue(soft.latched());
        assertEquals(InfusionState.RUNNING, sim.state().infusion());
        assertTrue(soft.detail().contains("2 consecutive readings"), soft.detail());
    }

    @Test
    @DisplayName("SR-V2, SR-V1: Hard breach: SBP ≥ 180 (one reading) pauses; 179 does not; resume only after "
            + "acknowledgement and values below the soft limits")
    void hardBreachPauses() {
        SimulatedChannel sim = programmed(false);
        normal(sim);
        sim.start();
        sim.run(Duration.ofSeconds(30));
        vitals(sim, sbp(179), dbp(80));
        assertEquals(InfusionState.RUNNING, sim.state().infusion());
        vitals(sim, sbp(180), dbp(80));
        assertEquals(InfusionState.PAUSED, sim.state().infusion());
        assertEquals(PumpActivity.PAUSED, sim.pump.mode);
        assertEquals(PumpAction.PAUSE, sim.ch.alarmOf(AlarmType.VITALS_HARD_BREACH).type().action());
        sim.run(Duration.ofMinutes(5));
        assertEquals(InfusionState.PAUSED, sim.state().infusion(), "never resumes by itself");
        sim.ackAll();
        vitals(sim, sbp(165), dbp(80), hr(72), spo2(98));
        Step stillHigh = sim.resume();
        assertEquals(Refusal.Kind.BLOCKED, stillHigh.refusal().kind());
        sim.intent(new Intent.OverrideVitalsGate(sim.ch.now(), sim.ch.by("dr.a"), "trying anyway"));
        sim.ackAll(); // the 165 was a further soft reading: its alert is acknowledged too
        assertTrue(sim.resume().refusal().reason().contains("still at the alert limit"), "soft limits cannot be overridden on resume");
        sim.ackAll();
        vitals(sim, sbp(140), dbp(85), hr(80), spo2(97));
        assertFalse(sim.resume().refused());
        assertEquals(InfusionState.RUNNING, sim.state().infusion());
    }

    @Test
    @DisplayName("SR-V2: Hard breach: SpO2 < 90 pauses only after 30 s; 90 itself does not breach; RR < 8 pauses at "
            + "once")
    void spo2HoldAndRespiratoryRate() {
        SimulatedChannel sim = programmed(false);
        normal(sim);
        sim.start();
        vitals(sim, spo2(90));
        sim.run(Duration.ofSeconds(40));
        vitals(sim, spo2(90));
        assertEquals(InfusionState.RUNNING, sim.state().infusion());
        vitals(sim, spo2(89));
        for (int i = 0; i < 5; i++) {
            sim.run(Duration.ofSeconds(5));
            vitals(sim, spo2(89));
        }
        assertEquals(InfusionState.RUNNING, sim.state().infusion(), "25 s below 90");
        sim.run(Duration.ofSeconds(5));
        assertEquals(InfusionState.PAUSED, sim.state().infusion(), "30 s below 90");
        assertEquals("SPO2", sim.ch.alarmOf(AlarmType.VITALS_HARD_BREACH).subject());

        SimulatedChannel rr = programmed(false);
        normal(rr);
        rr.start();
        vitals(rr, VitalValue.of(VitalSign.RESPIRATORY_RATE, 8));
        assertEquals(InfusionState.RUNNING, rr.state().infusion());
        vitals(rr, VitalValue.of(VitalSign.RESPIRATORY_RATE, 7));
        assertEquals(InfusionState.PAUSED, rr.state().infusion());
    }

    @Test
    @DisplayName("SR-V3: Data quality: 0 or an invalid marker raises a technical alarm and the value is not used")
    void zeroAndInvalidValues() {
        SimulatedChannel sim = programmed(false);
        normal(sim);
        sim.start();
        vitals(sim, sbp(0), dbp(80));
        Alarm zero = sim.ch.alarmOf(AlarmType.VITALS_INVALID);
        assertEquals("SYSTOLIC_BP", zero.subject());
        assertEquals(125, sim.state().vitals().of(VitalSign.SYSTOLIC_BP).orElseThrow().value(), "0 not stored");
        vitals(sim, VitalValue.invalid(VitalSign.SPO2));
        assertTrue(sim.state().alarms().stream().anyMatch(a -> a.type() == AlarmType.VITALS_INVALID
                && a.subject().equals("SPO2") && a.detail().contains("NaN")));
        vitals(sim, sbp(130));
        assertFalse(sim.state().alarms().stream().anyMatch(a -> a.type() == AlarmType.VITALS_INVALID
                && a.subject().equals("SYSTOLIC_BP")), "a valid value clears the technical alarm");
        assertEquals(InfusionState.RUNNING, sim.state().infusion());
    }

    @Test
    @DisplayName("SR-V3: Data quality: stale BP (older than 15 min) and missing SpO2 (> 30 s) alarm; when vitals are "
            + "required the infusion pauses")
    void staleVitals() {
        SimulatedChannel sim = programmed(false);
        normal(sim);
        sim.start();
        sim.run(Duration.ofSeconds(31));
        assertTrue(sim.state().alarms().stream().anyMatch(a -> a.type() == AlarmType.VITALS_STALE
                && a.subject().equals("SPO2")), sim.state().alarms().toString());
        assertEquals(AlarmPriority.MEDIUM, sim.ch.alarmOf(AlarmType.VITALS_STALE).priority());
        assertEquals(InfusionState.RUNNING, sim.state().infusion(), "not required: continues with an alarm");

        SimulatedChannel req = programmed(true);
        normal(req);
        req.start();
        for (int i = 0; i < 15 * 6; i++) {
            req.run(Duration.ofSeconds(10));
            vitals(req, hr(75), spo2(97));
        }
        assertEquals(InfusionState.RUNNING, req.state().infusion());
        req.run(Duration.ofSeconds(10));
        vitals(req, hr(75), spo2(97));
        assertEquals(InfusionState.PAUSED, req.state().infusion(), "BP older than 15 min, vitals required");
        assertEquals("SYSTOLIC_BP", req.ch.alarmOf(AlarmType.VITALS_MISSING).subject());
    }
}
