package org.dosewarden.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.channel.ChannelHandle;
import org.dosewarden.channel.ChannelLinkState;
import org.dosewarden.channel.ChannelRecord;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.channel.ClinicianIntent;
import org.dosewarden.channel.IntentResult;
import org.dosewarden.channel.SessionSummary;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The default alarm-priority and fault sources read from channel snapshots. */
class ChannelSignalsTest {

    private static ChannelSnapshot snapshot(String name, String state, String... alarmPriorities) {
        List<ChannelSnapshot.AlarmView> alarms = new java.util.ArrayList<>();
        for (int i = 0; i < alarmPriorities.length; i++) {
            alarms.add(new ChannelSnapshot.AlarmView(name + i, "TEST", alarmPriorities[i], "test alarm",
                    Instant.EPOCH, true, null));
        }
        return new ChannelSnapshot(name, true, "", "ne1000", "sim:", ChannelLinkState.CONNECTED, state, false, null, 0,
                Volume.ZERO, FlowRate.ZERO, alarms, Instant.EPOCH);
    }

    private static ChannelDirectory directory(ChannelSnapshot... snapshots) {
        List<ChannelHandle> handles = new java.util.ArrayList<>();
        for (ChannelSnapshot s : snapshots) {
            handles.add(new ChannelHandle() {
                @Override
                public String name() {
                    return s.name();
                }

                @Override
                public ChannelSnapshot snapshot() {
                    return s;
                }

                @Override
                public Optional<PumpCapability> pumpCapability() {
                    return Optional.empty();
                }

                @Override
                public CompletableFuture<IntentResult> submit(ClinicianIntent intent) {
                    throw new UnsupportedOperationException("GPIO only reads snapshots");
                }

                @Override
                public List<ChannelRecord> records(long afterSequence, int limit) {
                    return List.of();
                }

                @Override
                public void addListener(org.dosewarden.channel.ChannelListener listener) {
                    throw new UnsupportedOperationException("GPIO reads snapshots; it never listens");
                }
            });
        }
        return new ChannelDirectory() {
            @Override
            public List<ChannelHandle> channels() {
                return handles;
            }

            @Override
            public Optional<ChannelHandle> find(String name) {
                return handles.stream().filter(h -> h.name().equals(name)).findFirst();
            }

            @Override
            public List<SessionSummary> sessionsOf(String patientId) {
                return List.of();
            }

            @Override
            public Optional<org.dosewarden.channel.SessionRecords> sessionRecords(String sessionId) {
                return Optional.empty();
            }
        };
    }

    @Test
    @DisplayName("SR-H4: the highest active alarm priority across all channels wins")
    void highestAcrossChannels() {
        assertEquals(AlarmSignalPriority.NONE, new ChannelSignals(directory()).highestActive());
        assertEquals(AlarmSignalPriority.NONE,
                new ChannelSignals(directory(snapshot("a", "RUNNING"))).highestActive());
        assertEquals(AlarmSignalPriority.MEDIUM, new ChannelSignals(directory(
                snapshot("a", "RUNNING", "LOW"), snapshot("b", "PAUSED", "MEDIUM", "LOW"))).highestActive());
        assertEquals(AlarmSignalPriority.HIGH, new ChannelSignals(directory(
                snapshot("a", "RUNNING", "LOW"), snapshot("b", "TRIPPED", "HIGH"))).highestActive());
    }

    @Test
    @DisplayName("an alarm priority GPIO does not know is shown as high")
    void unknownPriorityIsHigh() {
        assertEquals(AlarmSignalPriority.HIGH,
                new ChannelSignals(directory(snapshot("a", "RUNNING", "URGENT"))).highestActive());
        assertEquals(AlarmSignalPriority.LOW, ChannelSignals.priorityOf("low"));
    }

    @Test
    @DisplayName("channels in FAULT are reported for the relay")
    void faultedChannels() {
        var signals = new ChannelSignals(directory(snapshot("a", "FAULT"), snapshot("b", "RUNNING"),
                snapshot("c", "FAULT")));
        assertEquals(Set.of("a", "c"), signals.faultedChannels());
    }
}
