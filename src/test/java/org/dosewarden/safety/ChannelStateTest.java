package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.plan.InfusionPlan;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the shell reads from a channel's state: the settings in force, the alarms that block, the state's rule. */
class ChannelStateTest {

    @Test
    @DisplayName("SR-D1: the settings in force are the channel's without a session and the program's with one")
    void settingsInForce() {
        SafetySettings leased = DeliveryLeaseTest.leased(Duration.ofSeconds(30));
        TestChannel ch = new TestChannel();
        assertSame(SafetySettings.DEFAULTS, ch.state.settings());
        InfusionProgram p = TestChannel.ketamine(null);
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        ch.program(new InfusionProgram(p.sessionId(), p.patientId(), new InfusionPlan(p.plan().drugId(),
                p.plan().steps()), false, KeepVeinOpen.NONE, null, p.rateResolution(), p.volumeResolution(), leased));
        assertSame(leased, ch.state.settings());
    }

    @Test
    @DisplayName("SR-C2: the alarms that block a start are the latched ones nobody acknowledged, not the passing notices")
    void unacknowledgedLatchedAlarms() {
        TestChannel ch = JournalRecordsTest.running();
        ch.feed(new Event.CommandOutcome(ch.now(), PumpCommand.READ_BACK, CommandResult.TIMED_OUT, "no reply"));
        ch.feed(new Event.PumpAlarmReported(ch.now(), PumpAlarmKind.STALL, "A?S"));
        assertEquals(List.of(AlarmType.COMMAND_UNCERTAIN, AlarmType.PUMP_STALL),
                ch.state.alarms().stream().map(Alarm::type).toList());
        assertEquals(List.of(AlarmType.PUMP_STALL), ch.state.unacknowledgedLatched().stream().map(Alarm::type).toList());
        ch.ack(ch.alarmOf(AlarmType.PUMP_STALL).id());
        assertEquals(List.of(), ch.state.unacknowledgedLatched());
    }

    @Test
    @DisplayName("SR-G2: a state with a running infusion but no session is refused, naming both")
    void aSessionExactlyWhenNotIdle() {
        ChannelState idle = ChannelState.initial("a", SafetySettings.DEFAULTS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ChannelState(
                idle.channelId(), idle.channelSettings(), InfusionState.RUNNING, null, idle.pump(), idle.vitals(),
                idle.alarms(), idle.nextAlarmId(), false, false, false, false, false, idle.trips(), false, 0));
        assertEquals("a session exists exactly when the channel is not IDLE: RUNNING, session absent", e.getMessage());
    }

    @Test
    @DisplayName("SR-G2: a state rebuilt from a checkpoint takes this start's channel settings and keeps everything else")
    void withChannelSettingsChangesOnlyThem() {
        SafetySettings leased = DeliveryLeaseTest.leased(Duration.ofSeconds(30));
        TestChannel ch = JournalRecordsTest.running();
        ch.feed(new Event.PumpAlarmReported(ch.now(), PumpAlarmKind.STALL, "A?S"));
        ChannelState before = ch.state;
        ChannelState after = before.withChannelSettings(leased);
        assertSame(leased, after.channelSettings());
        assertEquals(before, after.withChannelSettings(before.channelSettings()), "nothing else changed");
        assertEquals(before.alarms(), after.alarms());
        assertEquals(before.session(), after.session());
        assertEquals(before.epoch(), after.epoch());
        ChannelState idle = ChannelState.initial("a", SafetySettings.DEFAULTS).withChannelSettings(leased);
        assertSame(leased, idle.settings(), "without a session the channel's settings are in force");
    }
}
