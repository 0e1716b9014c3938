package org.dosewarden.safety;

import static org.dosewarden.testing.Theories.qt;

import java.util.ArrayList;
import java.util.List;
import org.dosewarden.channel.Checkpoint;
import org.dosewarden.testing.Tally;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A journaled checkpoint must stand for the events before it exactly (SR-G2): the states the random chains of
 * {@link SafetyCoreProperties} reach (a misbehaving pump, random clinicians, crashes) are written as checkpoints
 * and read back equal, and a replay that begins at any of them ends where the whole replay ends.
 */
class CheckpointProperties {

    private static final int CHAINS = 20;
    private static final int SHRINKS = 500;
    private static final int RESUMES_PER_CHAIN = 12;

    @Test
    @DisplayName("SR-G2: every state the core reaches comes back equal from a checkpoint, and replay from it ends where the whole replay ends")
    void checkpointsStandForTheEventsBeforeThem() {
        Tally tally = new Tally("checkpoints of random chains");
        qt(CHAINS, SHRINKS).forAll(ChainActions.chains()).checkAssert(chain -> {
            TestChannel ch = SafetyCoreProperties.run(chain).sim.ch;
            List<Event> events = ch.events;
            ChannelState whole = Replay.replay(ch.initial, events);
            ChannelState previous = null;
            List<Integer> resumable = new ArrayList<>();
            for (int i = 0; i < ch.steps.size(); i++) {
                ChannelState s = ch.steps.get(i).state();
                if (s.equals(previous)) {
                    continue;
                }
                previous = s;
                Checkpoint read = Checkpoint.fromJson(new Checkpoint(i + 1, s).toJson());
                if (!read.state().equals(s) || read.events() != i + 1) {
                    throw new AssertionError("checkpoint after event " + (i + 1) + " came back different:\nwritten "
                            + s + "\nread    " + read.state());
                }
                resumable.add(i);
            }
            // Replay from a spread of them (every one would make each chain quadratic): idle ones, where the daemon
            // writes its checkpoints, and any others.
            long idle = 0;
            int stride = Math.max(1, resumable.size() / RESUMES_PER_CHAIN);
            for (int k = 0; k < resumable.size(); k += stride) {
                int i = resumable.get(k);
                ChannelState s = ch.steps.get(i).state();
                ChannelState resumed = Replay.replay(Checkpoint.fromJson(new Checkpoint(i + 1, s).toJson()).state(),
                        events.subList(i + 1, events.size()));
                if (!resumed.equals(whole)) {
                    throw new AssertionError("replay from the checkpoint after event " + (i + 1) + " ends in\n"
                            + resumed + "\nthe whole replay in\n" + whole);
                }
                idle += s.infusion() == InfusionState.IDLE ? 1 : 0;
            }
            tally.collect("idle checkpoints resumed", idle == 0 ? "0" : idle < 3 ? "1-2" : ">=3");
            tally.collect("alarms in a checkpoint", ch.steps.stream().anyMatch(st -> !st.state().alarms().isEmpty()));
            tally.collect("session in a checkpoint", ch.steps.stream().anyMatch(st -> st.state().session() != null));
        });
        tally.print();
    }
}
