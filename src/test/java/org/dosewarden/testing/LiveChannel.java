package org.dosewarden.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.dosewarden.channel.ChannelHandle;
import org.dosewarden.channel.ClinicianIntent;
import org.dosewarden.channel.IntentResult;

/** For tests against channels running on their own threads in real time. */
public final class LiveChannel {

    private LiveChannel() {
    }

    /** Submits an action as clinician {@code dr-a} (valid for 30 s) and waits for the channel's answer. */
    public static IntentResult submit(ChannelHandle channel, ClinicianIntent.ClinicianAction action) {
        return channel.submit(new ClinicianIntent("dr-a", "test", Instant.now(), System.nanoTime()
                + Duration.ofSeconds(30).toNanos(), action)).join();
    }

    /** Polls every 2 ms until the condition holds; fails naming {@code what} after {@code limit}. */
    public static void waitFor(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + limit + ": " + what);
            }
            Thread.sleep(2);
        }
    }
}
