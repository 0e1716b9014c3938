package org.dosewarden.channel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.Moment;

/**
 * The work other threads post to a channel: clinician intents (answered through their future) and events
 * made from "now" on the channel thread (vitals, emergency stop). Any thread posts; only the channel thread
 * takes.
 */
final class ChannelInbox {

    /** One piece of posted work. */
    sealed interface Job {
        record IntentJob(ClinicianIntent intent, CompletableFuture<IntentResult> result) implements Job {
        }

        record EventJob(Function<Moment, Event> make) implements Job {
        }
    }

    private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();

    void post(ClinicianIntent intent, CompletableFuture<IntentResult> result) {
        jobs.add(new Job.IntentJob(intent, result));
    }

    void post(Function<Moment, Event> event) {
        jobs.add(new Job.EventJob(event));
    }

    /** The next job, or null when none is waiting. */
    Job poll() {
        return jobs.poll();
    }

    /** The next job, waiting at most {@code nanos} (machine time) for one; null when none came. */
    Job poll(long nanos) throws InterruptedException {
        return jobs.poll(nanos, TimeUnit.NANOSECONDS);
    }

    /** Empties the inbox; every queued intent is refused as unavailable with {@code why}. */
    void refuseAll(String why, String infusionState) {
        Job job;
        while ((job = jobs.poll()) != null) {
            if (job instanceof Job.IntentJob ij) {
                ij.result().complete(IntentResult.Refused.of(IntentResult.RefusalKind.UNAVAILABLE, why, infusionState));
            }
        }
    }
}
