package org.dosewarden.pump;

import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * The canonical port to one pump (one address on one link), used by the channel supervisor, the
 * commissioning CLI and tests. One protocol family = one implementation (New Era, Harvard/KD Scientific
 * "Ultra"); a device profile configures it. The port speaks of what every syringe pump the daemon drives has:
 * a rate, a volume after which the pump stops by itself, run, stop, a delivered counter and alarms. What only
 * some families have (New Era's pumping program and safe mode, Ultra's target prompt) stays in the driver.
 *
 * <p><b>Threading.</b> One owner thread calls every method. Calls block for at most the profile's reply
 * timeout times the number of attempts (deadlines come from the injected {@code TimeSource}); only
 * {@link #close()} may be called from another thread.
 *
 * <p><b>Invariants.</b>
 * <ul>
 *   <li>At most one command is outstanding on the link.</li>
 *   <li>Every setter reads the value back and returns what the pump confirmed; a mismatch throws
 *       {@link PumpVerificationException}. Values sent are floored to the pump's resolution (toward less drug,
 *       SR-A3) and never rounded up.</li>
 *   <li>A command answered with a pump alarm was not executed. The alarm is recorded (see {@link #takeAlarms()})
 *       and the command re-sent, except {@link #start()}, which is never re-sent without reading the status first and
 *       never re-sent after an alarm ({@link PumpAlarmException}).</li>
 *   <li>Alarms the pump sends unsolicited are parsed from stale bytes before every command and are never dropped.</li>
 *   <li>After a lost link ({@link PumpLinkLostException}) the driver reconnects with backoff on a later call and
 *       re-syncs (status query, framing detection) before sending anything else; no command is ever re-sent across a
 *       reconnect.</li>
 *   <li>Line noise is not a lost link (SR-D7): a damaged or garbled reply is retried; the link is reported lost
 *       only when the transport fails.</li>
 * </ul>
 */
public interface PumpDriver extends AutoCloseable {

    /** Opens the link (if needed) and re-syncs with the pump; returns its status. */
    PumpStatus connect() throws PumpException;

    /** The link state as the driver last saw it. */
    LinkState linkState();

    /** Model and firmware as the pump reports them. */
    PumpIdentity identify() throws PumpException;

    /** A status query: the pump's mode plus any alarms not yet taken. Also a heartbeat. */
    PumpStatus status() throws PumpException;

    /**
     * Sets the syringe's inside diameter (pump stopped). Returns the diameter the pump confirmed, which is the
     * request floored to the pump's number format.
     */
    SyringeDiameter configureDiameter(SyringeDiameter diameter) throws PumpException;

    /**
     * Sets the infusion rate of the next start. While running, the rate changes at once where the pump allows it
     * (New Era: not across a change of rate unit).
     *
     * @param rate µL/h, &gt; 0
     * @return the rate the pump confirmed, in whole µL/h rounded down; never above {@code rate}
     */
    FlowRate setRate(FlowRate rate) throws PumpException;

    /**
     * Reads the rate the pump is set to now (the running phase's rate while pumping), for supervision's
     * readback check (SR-A3, SR-D2).
     *
     * @return µL/h rounded <b>up</b> from the pump's figure, so a rate above the programmed one is never hidden
     */
    FlowRate readRate() throws PumpException;

    /**
     * Arms the pump-side volume limit (pump stopped): from the next {@link #start()} the pump infuses at most
     * {@code volume} more and then stops by itself, the second layer of SR-A4 under supervision. The driver sets up
     * whatever its family needs for that (New Era: a one-phase program infusing up to its VTBI, then a stop phase;
     * Ultra: the target volume, counted on the pump's infused counter) and verifies it by reading it back.
     *
     * @param volume µL; {@link Volume#ZERO} means no pump-side limit (continuous)
     * @return the volume the pump confirmed, whole µL rounded down; never above {@code volume}
     */
    Volume setVolumeToBeInfused(Volume volume) throws PumpException;

    /**
     * Starts (or resumes) infusing toward the armed volume and confirms the pump left STOPPED/PAUSED.
     * Never re-sent blindly: on a lost reply the status is read first. Refused with {@link PumpAlarmException},
     * without sending anything, while alarms seen on the wire have not been taken with {@link #takeAlarms()}.
     */
    PumpStatus start() throws PumpException;

    /**
     * Pauses delivery; {@link #start()} then resumes toward the same armed volume. A pump with a pause state
     * reports PAUSED (New Era); one without stops and keeps its armed volume (Ultra: STOPPED). From a mode that
     * does not deliver nothing is sent.
     */
    PumpStatus pause() throws PumpException;

    /**
     * Stops delivery (mode STOPPED, or TARGET_REACHED when the pump had stopped itself), from any mode. Stopping is
     * always safe to repeat. What remains armed afterwards is family-specific: arm again before the next start.
     */
    PumpStatus stop() throws PumpException;

    /** Totals infused and withdrawn since the last {@link #clearDelivered()}, rounded up to whole µL. */
    DeliveredVolume readDelivered() throws PumpException;

    /** Clears both totals and confirms they read zero. */
    void clearDelivered() throws PumpException;

    /**
     * Arms the pump-side communications watchdog, where the pump has one (the device profile says so): if no
     * valid command reaches the pump within {@code timeout} it stops itself and latches an alarm
     * ({@link PumpAlarm#COMM_TIMEOUT}). The caller must then send {@link #status()} (or any command) at least every
     * half timeout. A pump without one (Ultra) relies on the delivery lease instead.
     *
     * @param timeout whole seconds, within the pump's range (New Era 1..255 s)
     * @throws UnsupportedOperationException when the pump has no watchdog
     */
    void armWatchdog(Duration timeout) throws PumpException;

    /**
     * Disarms the watchdog (New Era: back to basic mode).
     *
     * @throws UnsupportedOperationException when the pump has no watchdog
     */
    void disarmWatchdog() throws PumpException;

    /**
     * What the link has been through: attempts, valid and garbled replies, silences, and when the pump last gave a
     * valid reply (supervision counts the link as lost only after the link timeout without one, SR-D7). Callable
     * from any thread.
     */
    LinkCounters linkCounters();

    /** Returns and forgets the alarms seen since the last call, oldest first. Nothing seen on the wire is dropped. */
    List<PumpAlarmEvent> takeAlarms();

    /** Closes the link. Idempotent; callable from any thread. */
    @Override
    void close();
}
