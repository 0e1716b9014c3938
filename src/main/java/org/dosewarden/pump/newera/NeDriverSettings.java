package org.dosewarden.pump.newera;

import java.time.Duration;
import org.dosewarden.pump.line.LineTiming;
import org.dosewarden.pump.profile.DeviceProfile;

/**
 * How a {@link NeDriver} talks to one pump. Normally built from a device profile ({@link #from}).
 *
 * @param address            pump address 0..99
 * @param replyTimeout       how long to wait for a reply to one attempt (profile {@code timing.replyTimeoutMs})
 * @param retries            extra attempts after a timeout (silence)
 * @param garbledRetries     extra attempts after a damaged reply (CRC failure, malformed reply, {@code ?COM},
 *                           {@code ?IGN}, {@code ?} on a basic line): line noise is retried longer than silence
 *                           (SR-D7)
 * @param initialFraming     framing tried first when connecting (the pump may still be in safe mode from NVRAM)
 * @param backoffInitial     wait before the first reconnect attempt after a lost link; doubles each failure
 * @param backoffMax         cap of that wait
 * @param alarmSettle        after an alarm reply in safe mode, how long to wait for a following frame: an
 *                           unsolicited alarm may arrive just before the real reply
 * @param watchdogMinSeconds smallest accepted watchdog timeout
 * @param watchdogMaxSeconds largest accepted watchdog timeout
 */
public record NeDriverSettings(int address, Duration replyTimeout, int retries, int garbledRetries,
        NeFraming initialFraming, Duration backoffInitial, Duration backoffMax, Duration alarmSettle,
        int watchdogMinSeconds, int watchdogMaxSeconds) {

    /** Settings that retry a damaged reply as often as silence ({@code garbledRetries = retries}). */
    public NeDriverSettings(int address, Duration replyTimeout, int retries, NeFraming initialFraming,
            Duration backoffInitial, Duration backoffMax, Duration alarmSettle, int watchdogMinSeconds,
            int watchdogMaxSeconds) {
        this(address, replyTimeout, retries, retries, initialFraming, backoffInitial, backoffMax,
                alarmSettle, watchdogMinSeconds, watchdogMaxSeconds);
    }

    public NeDriverSettings {
        LineTiming.check("New Era", address, replyTimeout, retries, garbledRetries, backoffInitial, backoffMax);
        if (watchdogMinSeconds < 1 || watchdogMaxSeconds > 255 || watchdogMinSeconds > watchdogMaxSeconds) {
            throw new IllegalArgumentException("watchdog range must lie within 1..255 s: " + watchdogMinSeconds + ".."
                    + watchdogMaxSeconds);
        }
    }

    /**
     * The settings profile {@code profile} describes for pump {@code address}.
     *
     * @throws IllegalArgumentException when the address is outside the profile's range
     */
    public static NeDriverSettings from(DeviceProfile profile, int address) {
        profile.requireAddress(address);
        DeviceProfile.Watchdog watchdog = profile.watchdog();
        int wdMin = watchdog.supported() ? watchdog.minSeconds() : 1;
        int wdMax = watchdog.supported() ? watchdog.maxSeconds() : 1;
        DeviceProfile.Timing timing = profile.timing();
        NeFraming first = profile.framings().defaultFraming().equals("safe") ? NeFraming.SAFE : NeFraming.BASIC;
        return new NeDriverSettings(address, timing.replyTimeout(), timing.retries(), timing.garbledRetries(), first,
                timing.backoffInitial(), timing.backoffMax(), Duration.ofMillis(60), wdMin, wdMax);
    }

    /** NE-1000 defaults from the reference: 500 ms reply timeout, 2 retries, basic first, 1..255 s watchdog. */
    public static NeDriverSettings defaults(int address) {
        return new NeDriverSettings(address, Duration.ofMillis(500), 2, NeFraming.BASIC, Duration.ofMillis(250),
                Duration.ofSeconds(5), Duration.ofMillis(60), 1, 255);
    }

    public NeDriverSettings withAddress(int newAddress) {
        return new NeDriverSettings(newAddress, replyTimeout, retries, garbledRetries, initialFraming, backoffInitial,
                backoffMax, alarmSettle, watchdogMinSeconds, watchdogMaxSeconds);
    }

    public NeDriverSettings withReplyTimeout(Duration timeout) {
        return new NeDriverSettings(address, timeout, retries, garbledRetries, initialFraming, backoffInitial,
                backoffMax, alarmSettle, watchdogMinSeconds, watchdogMaxSeconds);
    }
}
