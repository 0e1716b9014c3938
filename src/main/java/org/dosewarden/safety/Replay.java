package org.dosewarden.safety;

import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds a channel by folding {@link SafetyCore#decide} over its journaled events from the initial state.
 * Because the core is pure and every event carries its own time, the result equals the live state exactly,
 * alarm ids included. This is how the daemon recovers after a crash: replay, then feed a
 * {@link Event.DaemonRecovered} for the new process epoch.
 */
public final class Replay {

    private Replay() {
    }

    /** The state after all {@code events}, starting from {@code initial}. */
    public static ChannelState replay(ChannelState initial, Iterable<? extends Event> events) {
        ChannelState state = initial;
        for (Event e : events) {
            state = SafetyCore.decide(state, e).state();
        }
        return state;
    }

    /** Every step of the fold, in order (for audits and tests). */
    public static List<Step> steps(ChannelState initial, Iterable<? extends Event> events) {
        List<Step> steps = new ArrayList<>();
        ChannelState state = initial;
        for (Event e : events) {
            Step step = SafetyCore.decide(state, e);
            steps.add(step);
            state = step.state();
        }
        return steps;
    }
}
