package org.dosewarden.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.library.VitalsProfile;
import org.dosewarden.dose.plan.InfusionPlan;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * A test driver for one channel: keeps virtual time, feeds events through the real core, records every
 * event (for replay) and step.
 */
final class TestChannel {

    static final Instant WALL0 = Instant.parse("2026-03-02T09:00:00Z");
    static final long MONO0 = 5_000_000_000L;

    ChannelState state;
    long nanos = MONO0;
    final List<Event> events = new ArrayList<>();
    final List<Step> steps = new ArrayList<>();
    final ChannelState initial;

    TestChannel() {
        this(ChannelState.initial("a", SafetySettings.DEFAULTS));
    }

    TestChannel(ChannelState initial) {
        this.initial = initial;
        this.state = initial;
    }

    /** How far the wall clock has been set away from the monotonic one (a clock jump; zero normally). */
    Duration wallShift = Duration.ZERO;

    Moment now() {
        return new Moment(WALL0.plusNanos(nanos - MONO0).plus(wallShift), nanos);
    }

    void advance(Duration d) {
        nanos += d.toNanos();
    }

    Step feed(Event e) {
        Step step = SafetyCore.decide(state, e);
        events.add(e);
        steps.add(step);
        state = step.state();
        return step;
    }

    ClinicianRequest by(String user) {
        return new ClinicianRequest(user, now().wall(), nanos + Duration.ofSeconds(30).toNanos());
    }

    Step reading(PumpActivity mode, long rateUlPerH, long counterUl) {
        return feed(new Event.PumpReading(now(), mode, FlowRate.ofMicrolitresPerHour(rateUlPerH),
                Volume.ofMicrolitres(counterUl)));
    }

    Step tick() {
        return feed(new Event.ClockTick(now()));
    }

    Step program(InfusionProgram p) {
        return feed(new Intent.ProgramInfusion(now(), by("dr.a"), p));
    }

    Step start() {
        return feed(new Intent.StartInfusion(now(), by("dr.a")));
    }

    Step pause() {
        return feed(new Intent.PauseInfusion(now(), by("dr.a")));
    }

    Step resume() {
        return feed(new Intent.ResumeInfusion(now(), by("dr.a")));
    }

    Step stop() {
        return feed(new Intent.StopInfusion(now(), by("dr.a")));
    }

    Step ack(long id) {
        return feed(new Intent.AcknowledgeAlarm(now(), by("dr.a"), id));
    }

    /** Acknowledges every alarm currently in the active set. */
    void ackAll() {
        for (Alarm a : List.copyOf(state.alarms())) {
            ack(a.id());
        }
    }

    Step vitals(VitalValue... values) {
        return feed(new Event.VitalsReading(now(), List.of(values)));
    }

    Step normalVitals() {
        return vitals(VitalValue.of(VitalSign.SYSTOLIC_BP, 125), VitalValue.of(VitalSign.DIASTOLIC_BP, 80),
                VitalValue.of(VitalSign.HEART_RATE, 72), VitalValue.of(VitalSign.SPO2, 98),
                VitalValue.of(VitalSign.RESPIRATORY_RATE, 14));
    }

    Alarm alarmOf(AlarmType type) {
        return state.alarms().stream().filter(a -> a.type() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " alarm in " + state.alarms()));
    }

    boolean hasAlarm(AlarmType type) {
        return state.alarms().stream().anyMatch(a -> a.type() == type);
    }

    // ----- programs -----

    /** 70 kg, 0.5 mg/kg over 40 min at 1 mg/mL: 52.5 mL/h, 35 mL (clinical.md worked example). */
    static InfusionProgram ketamine(VitalsProfile vitals) {
        return program("s1", List.of(new PlannedStep(FlowRate.ofMicrolitresPerHour(52_500),
                Volume.ofMicrolitres(35_000), Duration.ofMinutes(40))), false, KeepVeinOpen.NONE, vitals);
    }

    /** 70 kg two-step: 7.7 mL over 2 min (231 mL/h) then 42 mL over 50 min (50.4 mL/h). */
    static InfusionProgram twoStep() {
        return program("s2", List.of(
                new PlannedStep(FlowRate.ofMicrolitresPerHour(231_000), Volume.ofMicrolitres(7_700), Duration.ofMinutes(2)),
                new PlannedStep(FlowRate.ofMicrolitresPerHour(50_400), Volume.ofMicrolitres(42_000), Duration.ofMinutes(50))),
                false, KeepVeinOpen.NONE, null);
    }

    static InfusionProgram program(String session, List<PlannedStep> steps, boolean highAlert, KeepVeinOpen kvo,
            VitalsProfile vitals) {
        return new InfusionProgram(session, "p-17", new InfusionPlan("ketamine-psych", steps), highAlert, kvo,
                vitals, FlowRate.ofMicrolitresPerHour(100), Volume.ofMicrolitres(1), SafetySettings.DEFAULTS);
    }

    static VitalsProfile defaultVitals(boolean required) {
        return VitalsProfile.designedDefault("ketamine-session", required);
    }

    /** The 40-minute ketamine program without vitals, for a pump without a watchdog armed one {@code lease} at a time. */
    static InfusionProgram leasedKetamine(Duration lease) {
        return new InfusionProgram("lease-1", "p-17", new InfusionPlan("ketamine-psych", List.of(
                new PlannedStep(FlowRate.ofMicrolitresPerHour(52_500), Volume.ofMicrolitres(35_000),
                        Duration.ofMinutes(40)))), false, KeepVeinOpen.NONE, null, FlowRate.ofMicrolitresPerHour(100),
                Volume.ofMicrolitres(1), DeliveryLeaseTest.leased(lease));
    }

    /** The 40-minute ketamine program with the designed vitals profile (not required) and {@code afterCare} of monitoring. */
    static InfusionProgram monitoredKetamine(Duration afterCare) {
        InfusionProgram p = ketamine(defaultVitals(false));
        return new InfusionProgram(p.sessionId(), p.patientId(), new InfusionPlan(p.plan().drugId(), p.plan().steps()),
                false, KeepVeinOpen.NONE, p.vitalsProfile(), p.rateResolution(), p.volumeResolution(), p.settings(),
                afterCare);
    }

    /**
     * A channel that ran {@code program} (35 mL in 40 min) to completion with normal vitals at the start and the
     * end, every alarm of the route acknowledged.
     */
    static TestChannel completed(InfusionProgram program) {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        ch.normalVitals();
        ch.program(program);
        ch.start();
        ch.reading(PumpActivity.INFUSING, 52_500, 1_000);
        ch.advance(Duration.ofMinutes(40));
        ch.normalVitals();
        ch.reading(PumpActivity.STOPPED, 52_500, 36_000);
        ch.reading(PumpActivity.STOPPED, 52_500, 36_000);
        ch.ackAll();
        if (ch.state.infusion() != InfusionState.COMPLETED) {
            throw new IllegalStateException("the route did not complete the session: " + ch.state.infusion());
        }
        return ch;
    }

    // ----- routes to each lifecycle state -----

    /** Puts this channel into {@code target} by a realistic route; alarms of the route are acknowledged. */
    TestChannel into(InfusionState target) {
        reading(PumpActivity.STOPPED, 0, 1_000);
        normalVitals();
        switch (target) {
            case IDLE -> {
            }
            case AWAITING_CONFIRMATION -> feed(new Intent.ProgramInfusion(now(), by("dr.a"),
                    program("s9", ketamine(null).plan().steps(), true, KeepVeinOpen.NONE, defaultVitals(false))));
            case PROGRAMMED -> program(ketamine(defaultVitals(false)));
            default -> {
                program(ketamine(defaultVitals(false)));
                start();
                reading(PumpActivity.INFUSING, 52_500, 1_000);
                switch (target) {
                    case RUNNING -> {
                    }
                    case PAUSED -> {
                        pause();
                        reading(PumpActivity.PAUSED, 52_500, 1_000);
                    }
                    case STOPPED -> {
                        stop();
                        reading(PumpActivity.STOPPED, 52_500, 1_000);
                    }
                    case COMPLETED -> {
                        advance(Duration.ofMinutes(40));
                        normalVitals();
                        reading(PumpActivity.STOPPED, 52_500, 36_000);
                        reading(PumpActivity.STOPPED, 52_500, 36_000);
                        ackAll();
                    }
                    case TRIPPED -> {
                        advance(Duration.ofSeconds(10));
                        reading(PumpActivity.INFUSING, 52_500, 2_000);
                        reading(PumpActivity.STOPPED, 52_500, 2_000);
                        ackAll();
                    }
                    case FAULT -> {
                        feed(new Event.PumpAlarmReported(now(), PumpAlarmKind.STALL, "A?S"));
                        reading(PumpActivity.STOPPED, 0, 1_000);
                        ackAll();
                    }
                    default -> throw new IllegalArgumentException(target.name());
                }
            }
        }
        if (state.infusion() != target) {
            throw new AssertionError("route to " + target + " ended in " + state.infusion() + ": " + state.alarms());
        }
        return this;
    }
}
