package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.library.VitalsProfile;
import org.dosewarden.dose.plan.InfusionPlan;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.safety.ClinicianRequest;
import org.dosewarden.safety.CommandResult;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.InfusionProgram;
import org.dosewarden.safety.Intent;
import org.dosewarden.safety.KeepVeinOpen;
import org.dosewarden.safety.Moment;
import org.dosewarden.safety.PumpActivity;
import org.dosewarden.safety.PumpAlarmKind;
import org.dosewarden.safety.PumpCommand;
import org.dosewarden.safety.SafetySettings;
import org.dosewarden.safety.VitalValue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The journal keeps events for replay (SR-G1, SR-G2): every event type must survive JSON exactly. */
class EventJsonTest {

    private static final Moment AT = new Moment(Instant.parse("2026-03-01T09:15:30.123456789Z"), 987_654_321_012L);
    private static final ClinicianRequest BY = new ClinicianRequest("dr-a", Instant.parse("2026-03-01T09:15:29Z"), 5_000_000_000L);

    static InfusionProgram program() {
        InfusionPlan plan = new InfusionPlan("ketamine-psych", List.of(
                new PlannedStep(FlowRate.ofMicrolitresPerHour(231_000), Volume.ofMicrolitres(7_700), Duration.ofMinutes(2)),
                new PlannedStep(FlowRate.ofMicrolitresPerHour(50_400), Volume.ofMicrolitres(42_000), Duration.ofMinutes(50))));
        return new InfusionProgram("S-1", "P-001", plan, true,
                new KeepVeinOpen(FlowRate.ofMicrolitresPerHour(1_000), Volume.ofMicrolitres(5_000)),
                VitalsProfile.designedDefault("designed-default", true),
                FlowRate.ofMicrolitresPerHour(100), Volume.ofMicrolitres(10), SafetySettings.DEFAULTS);
    }

    /** SR-O3: the program with a monitoring period, as a program of an entry with after-care is journaled. */
    static InfusionProgram withAfterCare(InfusionProgram p) {
        return new InfusionProgram(p.sessionId(), p.patientId(), p.plan(), p.secondClinicianRequired(),
                p.keepVeinOpen(), p.vitalsProfile(), p.rateResolution(), p.volumeResolution(), p.settings(),
                Duration.ofHours(2));
    }

    @Test
    @DisplayName("SR-G2, SR-O3: a program journaled before after-care existed (no monitoringAfter) reads back without one")
    void programWithoutMonitoringPeriodReadsBack() {
        String json = EventJson.write(new Intent.ProgramInfusion(AT, BY, program()));
        String old = json.replace(",\"monitoringAfter\":\"PT0S\"", "");
        assertTrue(!old.equals(json), json);
        Intent.ProgramInfusion read = (Intent.ProgramInfusion) EventJson.read(old);
        assertEquals(Duration.ZERO, read.program().monitoringAfter());
        assertEquals(new Intent.ProgramInfusion(AT, BY, program()), read);
    }

    static List<Event> everyEvent() {
        return List.of(
                new Intent.ProgramInfusion(AT, BY, program()),
                new Intent.ConfirmProgram(AT, BY),
                new Intent.StartInfusion(AT, BY),
                new Intent.PauseInfusion(AT, BY),
                new Intent.ResumeInfusion(AT, BY),
                new Intent.StopInfusion(AT, BY),
                new Intent.AcknowledgeAlarm(AT, BY, 17),
                new Intent.OverrideVitalsGate(AT, BY, "baseline BP known high"),
                new Intent.ResetTrip(AT, BY, "line re-sited"),
                new Intent.ResetEmergencyStop(AT, BY, "button tested"),
                new Intent.EndSession(AT, BY, ""),
                new Intent.DischargePatient(AT, BY, true),
                new Intent.ProgramInfusion(AT, BY, withAfterCare(program())),
                new Event.PumpReading(AT, PumpActivity.INFUSING, FlowRate.ofMicrolitresPerHour(52_500), Volume.ofMicrolitres(1_234)),
                new Event.PumpAlarmReported(AT, PumpAlarmKind.STALL, "A?S"),
                new Event.PumpCounterCleared(AT, "power reset"),
                new Event.CommandOutcome(AT, new PumpCommand.ProgramStep(1, FlowRate.ofMicrolitresPerHour(50_400),
                        Volume.ofMicrolitres(42_000)), CommandResult.values()[0], "ok"),
                new Event.CommandOutcome(AT, PumpCommand.STOP, CommandResult.values()[CommandResult.values().length - 1], "timeout"),
                new Event.LinkLost(AT, "read returned -1"),
                new Event.LinkRestored(AT),
                new Event.PumpAnswered(AT),
                new Event.VitalsReading(AT, List.of(VitalValue.of(VitalSign.SYSTOLIC_BP, 132), VitalValue.invalid(VitalSign.SPO2))),
                new Event.EmergencyStopPressed(AT, "gpio"),
                new Event.EmergencyStopReleased(AT, "gpio"),
                new Event.JournalWriteFailed(AT, "disk full"),
                new Event.JournalRestored(AT),
                new Event.ClockTick(AT),
                new Event.DaemonRecovered(AT, "restart after crash"));
    }

    @Test
    @DisplayName("SR-G1/SR-G2: every event type round-trips through the journal's JSON exactly")
    void everyEventRoundTrips() {
        for (Event event : everyEvent()) {
            String json = EventJson.write(event);
            assertTrue(json.contains("\"@type\":\"" + event.getClass().getSimpleName() + "\""), json);
            assertEquals(event, EventJson.read(json), json);
        }
    }

    @Test
    @DisplayName("the round-trip test covers every concrete event type of the core")
    void everyConcreteEventTypeIsCovered() {
        Set<String> covered = everyEvent().stream().map(e -> e.getClass().getSimpleName()).collect(Collectors.toSet());
        Set<String> all = new HashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>(List.of(Event.class));
        while (!pending.isEmpty()) {
            Class<?> type = pending.pop();
            if (type.isSealed()) {
                pending.addAll(List.of(type.getPermittedSubclasses()));
            } else {
                all.add(type.getSimpleName());
            }
        }
        assertEquals(all, covered);
    }

    @Test
    void unknownFieldsAndTypesAreRefusedNotHalfRead() {
        String json = EventJson.write(new Event.ClockTick(AT));
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class,
                () -> EventJson.read(json.replace("{", "{\"surprise\":1,")));
        assertTrue(extra.getMessage().contains("surprise"), extra.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EventJson.read("{\"@type\":\"NoSuchEvent\"}"));
    }
}
