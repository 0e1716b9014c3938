package org.dosewarden.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.library.VitalsProfile;
import org.dosewarden.dose.plan.InfusionPlan;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.ClinicianRequest;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.InfusionProgram;
import org.dosewarden.safety.InfusionState;
import org.dosewarden.safety.Intent;
import org.dosewarden.safety.KeepVeinOpen;
import org.dosewarden.safety.Moment;
import org.dosewarden.safety.PumpActivity;
import org.dosewarden.safety.PumpCommand;
import org.dosewarden.safety.Replay;
import org.dosewarden.safety.SafetyCore;
import org.dosewarden.safety.SafetySettings;
import org.dosewarden.safety.Step;
import org.dosewarden.safety.VitalValue;

/**
 * Safety-core speed: the cost of one {@code decide} on the hot path (a poll of a running infusion, a tick)
 * and the time to replay 1,000,000 journaled events into a channel state. Single thread, virtual time.
 * Prints numbers only; run with {@code scripts/bench.d/safety-core}.
 */
public final class SafetyCoreBench {

    private static final long POLL = Duration.ofMillis(250).toNanos();

    public static void main(String[] args) {
        int target = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<Event> events = recordSessions(target);
        ChannelState initial = ChannelState.initial("bench", SafetySettings.DEFAULTS);
        // warm-up
        for (int i = 0; i < 3; i++) {
            Replay.replay(initial, events.subList(0, Math.min(events.size(), 200_000)));
        }
        long[] perDecide = new long[200_000];
        ChannelState s = initial;
        for (int i = 0; i < perDecide.length; i++) {
            Event e = events.get(i);
            long t0 = System.nanoTime();
            s = SafetyCore.decide(s, e).state();
            perDecide[i] = System.nanoTime() - t0;
        }
        Arrays.sort(perDecide);
        long t0 = System.nanoTime();
        ChannelState replayed = Replay.replay(initial, events);
        long replayNanos = System.nanoTime() - t0;
        System.out.printf("safety-core events=%d sessions_completed=%d%n", events.size(),
                events.stream().filter(e -> e instanceof Intent.EndSession).count());
        System.out.printf("safety-core decide_ns p50=%d p99=%d p999=%d max=%d%n", perDecide[perDecide.length / 2],
                perDecide[perDecide.length * 99 / 100], perDecide[perDecide.length * 999 / 1000],
                perDecide[perDecide.length - 1]);
        System.out.printf("safety-core replay_1M_events_ms=%.1f events_per_s=%.0f final_state=%s delivered=%s%n",
                replayNanos / 1e6, events.size() / (replayNanos / 1e9), replayed.infusion(), replayed.delivered());
    }

    /** A realistic event stream: ketamine sessions with vitals, 4 Hz polls and ticks, to at least {@code target} events. */
    static List<Event> recordSessions(int target) {
        List<Event> events = new ArrayList<>(target + 50_000);
        ChannelState state = ChannelState.initial("bench", SafetySettings.DEFAULTS);
        long nanos = 1_000_000_000L;
        Instant wall0 = Instant.parse("2026-03-02T09:00:00Z");
        long counter = 0;
        long accumulator = 0;
        PumpActivity mode = PumpActivity.STOPPED;
        long rate = 0;
        long vtbiLeft = 0;
        int session = 0;
        while (events.size() < target) {
            Moment at = new Moment(wall0.plusNanos(nanos), nanos);
            ClinicianRequest by = new ClinicianRequest("dr.a", at.wall(), nanos + 30_000_000_000L);
            List<Event> now = new ArrayList<>();
            switch (state.infusion()) {
                case IDLE -> now.add(new Intent.ProgramInfusion(at, by, program("s" + (++session))));
                case PROGRAMMED -> {
                    now.add(vitals(at));
                    now.add(new Intent.StartInfusion(at, by));
                }
                case COMPLETED -> now.add(new Intent.EndSession(at, by, ""));
                case RUNNING, PAUSED, STOPPED, TRIPPED, FAULT, AWAITING_CONFIRMATION -> {
                }
            }
            if (state.infusion() == InfusionState.RUNNING && (nanos / POLL) % 2400 == 0) {
                now.add(vitals(at));
            }
            now.add(new Event.ClockTick(at));
            now.add(new Event.PumpReading(at, mode, FlowRate.ofMicrolitresPerHour(rate), Volume.ofMicrolitres(counter)));
            for (Event e : now) {
                Step step = SafetyCore.decide(state, e);
                events.add(e);
                state = step.state();
                for (PumpCommand c : step.commands()) {
                    switch (c) {
                        case PumpCommand.ProgramStep p -> {
                            mode = PumpActivity.STOPPED;
                            rate = p.rate().microlitresPerHour();
                            vtbiLeft = p.vtbi().microlitres();
                        }
                        case PumpCommand.StartPump x -> mode = PumpActivity.INFUSING;
                        case PumpCommand.PausePump x -> mode = PumpActivity.PAUSED;
                        case PumpCommand.StopPump x -> mode = PumpActivity.STOPPED;
                        case PumpCommand.ReadBack x -> {
                        }
                    }
                }
            }
            if (state.infusion() != InfusionState.RUNNING && state.infusion() != InfusionState.PROGRAMMED
                    && state.infusion() != InfusionState.COMPLETED && state.infusion() != InfusionState.IDLE) {
                throw new IllegalStateException("bench stream left the happy path: " + state.infusion() + " " + state.alarms());
            }
            nanos += POLL;
            if (mode == PumpActivity.INFUSING) {
                accumulator += rate * POLL / 1000;
                long whole = accumulator / 3_600_000_000L;
                accumulator -= whole * 3_600_000_000L;
                whole = Math.min(whole, vtbiLeft);
                vtbiLeft -= whole;
                counter += whole;
                if (vtbiLeft == 0) {
                    mode = PumpActivity.STOPPED;
                }
            }
        }
        return events;
    }

    private static Event vitals(Moment at) {
        return new Event.VitalsReading(at, List.of(VitalValue.of(VitalSign.SYSTOLIC_BP, 128),
                VitalValue.of(VitalSign.DIASTOLIC_BP, 80), VitalValue.of(VitalSign.HEART_RATE, 74),
                VitalValue.of(VitalSign.SPO2, 98), VitalValue.of(VitalSign.RESPIRATORY_RATE, 14)));
    }

    private static InfusionProgram program(String session) {
        PlannedStep step = new PlannedStep(FlowRate.ofMicrolitresPerHour(52_500), Volume.ofMicrolitres(35_000),
                Duration.ofMinutes(40));
        return new InfusionProgram(session, "p-1", new InfusionPlan("ketamine-psych", List.of(step)), false,
                KeepVeinOpen.NONE, VitalsProfile.designedDefault("ketamine", false), FlowRate.ofMicrolitresPerHour(100),
                Volume.ofMicrolitres(1), SafetySettings.DEFAULTS);
    }
}
