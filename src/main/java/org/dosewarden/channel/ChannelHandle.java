package org.dosewarden.channel;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dosewarden.dose.plan.PumpCapability;

/**
 * One pump channel seen from outside its owning thread (DESIGN.md principle 6). Reads return immutable
 * copies; changes are posted as {@link ClinicianIntent}s to the channel's single thread, which runs them
 * through the safety core, journals the outcome durably (SR-G1) and only then completes the future.
 *
 * <p>All methods are thread-safe and none of them blocks on the channel thread.
 */
public interface ChannelHandle {

    /** The configured channel name, e.g. {@code "a"}. Stable for the life of the process. */
    String name();

    /**
     * The latest consistent state of the channel: link, infusion state, program, delivered volume,
     * active alarms. Cheap (a published immutable value), safe to call per HTTP request.
     */
    ChannelSnapshot snapshot();

    /**
     * What the channel's pump (profile plus loaded syringe or set) can run: the programming check plans
     * against it, so every rate and volume in a {@link ProgramOrder} is settable on this pump. Empty when the
     * channel is disabled or its pump is not identified yet; programming is then refused.
     */
    Optional<PumpCapability> pumpCapability();

    /**
     * Posts an intent to the channel thread. The future completes, after the outcome is journaled, with
     * <ul>
     *   <li>{@link IntentResult.Accepted} and the snapshot just after the intent took effect,</li>
     *   <li>{@link IntentResult.Refused} with the reason, the refusal kind and the state at that moment
     *       (illegal transition, limit not overridden, wrong user, stale, channel unavailable), or</li>
     *   <li>{@link IntentResult.NotApplicable} when the intent names something the channel does not have
     *       (an unknown alarm id).</li>
     * </ul>
     * An intent still queued when its {@link ClinicianIntent#expiresAtNanos() expiry} passes is refused
     * as {@link IntentResult.RefusalKind#STALE} and never executed (SR-D3). The future never completes
     * exceptionally for a clinical refusal; it does so only when the channel itself failed (the channel
     * then also goes to its safe state and alarms).
     */
    CompletableFuture<IntentResult> submit(ClinicianIntent intent);

    /**
     * Journal records of this channel with sequence number greater than {@code afterSequence}, in
     * sequence order, at most {@code limit} of them. {@code afterSequence = 0} reads from the beginning.
     *
     * @param afterSequence exclusive lower bound, {@code >= 0}
     * @param limit         maximum number of records, {@code 1..1000}
     */
    List<ChannelRecord> records(long afterSequence, int limit);

    /**
     * Tells {@code listener} of every new snapshot of this channel, on the channel's thread (see
     * {@link ChannelListener}: hand the value off and return). A channel that never changes (disabled) never calls it.
     */
    void addListener(ChannelListener listener);
}
