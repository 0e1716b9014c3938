package org.dosewarden.safety;

import static org.dosewarden.testing.Theories.qt;

import java.util.ArrayList;
import java.util.List;
import org.dosewarden.safety.ChainActions.Action;
import org.dosewarden.safety.ChainActions.Chain;
import org.dosewarden.testing.Tally;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Stateful properties: a model pump that misbehaves (wrong rate, ignored VTBI, free flow, stall, silence,
 * power reset), random clinician intents, vitals and clock advances, daemon crashes. The per-step
 * invariants (starts only where legal, stop with every stop-worthy alarm, alarm with every automatic mode
 * change, refusals change nothing, delivered never decreases) are checked by {@link SimulatedChannel} on
 * every step; the delivery bound after every action; replay at the end. The chains are drawn by
 * {@link ChainActions}.
 */
class SafetyCoreProperties {

    /** The world of one chain: the simulated channel and what was injected. */
    static final class World {
        final SimulatedChannel sim = new SimulatedChannel();

        @Override
        public String toString() {
            return "World[" + sim.state().infusion() + ", delivered " + sim.state().delivered() + "]";
        }

        /**
         * SR-A4/SR-A5 bound: what entered the patient since the program never exceeds the plan total by more
         * than one poll (or one pump-watchdog period while the host could not reach the pump) at the fastest
         * rate seen, per uncontrolled episode (start, each silence, power cycle or daemon crash). Free flow
         * is a mechanical fault no command can stop, so it is judged by its alarm instead. Also: nothing
         * counted twice (counted ≤ truth).
         */
        void checkDeliveryBound() {
            ChannelState s = sim.state();
            if (s.session() == null || sim.freeFlowEver) {
                return;
            }
            long total = s.session().program().plan().totalVolume().microlitres();
            // One poll at the fastest rate per start or power cycle (a reset loses the counts since the last
            // reading); one pump-watchdog period per silence or crash, when no command reaches the pump.
            long perPoll = sim.maxRateSeen * (sim.pollNanos / 1_000_000) / 3_600_000 + 1;
            long perWatchdog = sim.maxRateSeen * (sim.pump.watchdogNanos / 1_000_000) / 3_600_000 + 1;
            long bound = total + sim.pollEpisodes * perPoll + sim.watchdogEpisodes * perWatchdog;
            long truth = sim.truthSinceProgram();
            if (truth > bound) {
                throw new AssertionError("delivered " + truth + " µL > total " + total + " + " + sim.pollEpisodes
                        + " × " + perPoll + " + " + sim.watchdogEpisodes + " × " + perWatchdog + " µL");
            }
            if (s.delivered().microlitres() > truth) {
                throw new AssertionError("counted " + s.delivered() + " but only " + truth + " µL entered the patient");
            }
        }
    }

    /**
     * Chains per run: 30 random ones of about 50 actions each, as before the move to QuickTheories, plus the
     * three boundary chains QuickTheories tries first (all draws at their smallest, twice, which is the empty
     * chain, and all at their largest).
     */
    private static final int CHAINS = 33;
    /** A full chain runs for about a tenth of a second; shrunk chains are shorter and faster. */
    private static final int SHRINKS = 2_000;

    @Test
    @DisplayName("SR-A4 SR-A5 SR-C1 SR-C2 SR-D2 SR-D5 SR-G2: invariants hold with a misbehaving pump, random clinicians and crashes; replay reproduces the state")
    void invariantsHold() {
        Tally tally = new Tally("safety core chains");
        qt(CHAINS, SHRINKS).forAll(ChainActions.chains()).checkAssert(chain -> {
            World w = run(chain);
            tally.collect("states reached", w.sim.ch.steps.stream().map(s -> s.state().infusion()).distinct().count() >= 4
                    ? ">=4" : "<4");
            tally.collect("completed", w.sim.ch.steps.stream().anyMatch(s -> s.state().infusion() == InfusionState.COMPLETED));
            tally.collect("delivery lease renewed", w.sim.ch.steps.stream().flatMap(s -> s.records().stream())
                    .anyMatch(r -> r.summary().startsWith("delivery lease")));
            tally.collect("pump start withheld after an unconfirmed program", w.sim.ch.steps.stream()
                    .flatMap(s -> s.records().stream()).anyMatch(r -> r.summary().startsWith("pump start withheld")));
            tally.collect("events", w.sim.ch.events.size() / 1000 + "k");
            ChannelState replayed = Replay.replay(w.sim.ch.initial, w.sim.ch.events);
            if (!replayed.equals(w.sim.state())) {
                throw new AssertionError("replay differs:\nlive   " + w.sim.state() + "\nreplay " + replayed);
            }
            checkJournaledReplay(w.sim.ch, tally);
        });
        tally.print();
    }

    /** Runs the chain on a fresh world, checking the delivery bound before the first action and after each. */
    static World run(Chain chain) {
        World w = new World();
        w.checkDeliveryBound();
        List<Action> actions = chain.actions();
        for (int i = 0; i < actions.size(); i++) {
            try {
                actions.get(i).apply().accept(w);
                w.checkDeliveryBound();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("after action " + (i + 1) + " (" + actions.get(i) + "): " + e.getMessage()
                        + "\n  " + w, e);
            }
        }
        return w;
    }

    /**
     * The shell journals only events that change something, and of a run of polls that only refresh the
     * contact time just the newest, written ahead of the next journaled event (ChannelSupervisor). Replaying
     * that journal must give the live state: exactly, or up to the contact time when a poll is still held.
     */
    static void checkJournaledReplay(TestChannel ch, Tally tally) {
        List<Event> journaled = new ArrayList<>();
        Event held = null;
        ChannelState before = ch.initial;
        for (int i = 0; i < ch.events.size(); i++) {
            Event e = ch.events.get(i);
            Step step = ch.steps.get(i);
            boolean changed = e instanceof Intent || !step.records().isEmpty() || !step.commands().isEmpty()
                    || !step.state().equals(before);
            if (changed && e instanceof Event.PumpReading && step.onlyContactRefreshed(before)) {
                held = e;
            } else if (changed) {
                if (held != null) {
                    journaled.add(held);
                    held = null;
                }
                journaled.add(e);
            }
            before = step.state();
        }
        ChannelState replayed = Replay.replay(ch.initial, journaled);
        boolean same = held == null ? replayed.equals(ch.state) : ch.state.differsOnlyInContactTime(replayed);
        if (!same) {
            throw new AssertionError("replay of the journaled " + journaled.size() + " of " + ch.events.size()
                    + " events differs:\nlive   " + ch.state + "\nreplay " + replayed);
        }
        tally.collect("routine polls not journaled",
                (ch.events.size() - journaled.size()) * 10 / Math.max(1, ch.events.size()) * 10 + "%");
    }
}
