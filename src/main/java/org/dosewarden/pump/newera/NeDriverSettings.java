package org.dosewarden.pump.newera;

import java.time.Duration;

/**
 * How a {@link NeDriver} talks to one pump. Normally built from a device profile
 * ({@code DeviceProfile#driverSettings}).
 *
 * @param address            pump address 0..99
 * @param replyTimeout       how long to wait for a reply to one attempt (profile {@code timing.replyTimeoutMs})
 * @param retries            extra attempts after a timeout, CRC failure, {@code ?COM} or {@code ?IGN}
 * @param initialFraming     framing tried first when connecting (the pump may still be in safe mode from NVRAM)
 * @param backoffInitial     wait before the first reconnect attempt after a lost link; doubles each failure
 * @param backoffMax         cap of that wait
 * @param alarmSettle        after an alarm reply in safe mode, how long to wait for a following frame: an
 *                           unsolicited alarm may arrive just before the real reply
 * @param watchdogMinSeconds smallest accepted watchdog timeout
 * @param watchdogMaxSeconds largest accepted watchdog timeout
 */
public record NeDriverSettings(int address, Duration replyTimeout, int retries, NeFraming initialFraming,
        Duration backoffInitial, Duration backoffMax, Duration alarmSettle, int watchdogMinSeconds,
        int watchdogMaxSeconds) {

    public NeDriverSettings {
        if (address < 0 || address > 99) {
            throw new IllegalArgumentException("New Era pump address must be 0..99, was " + address);
        }
        if (replyTimeout.isNegative() || replyTimeout.isZero()) {
            throw new IllegalArgumentException("reply timeout must be positive: " + replyTimeout);
        }
        if (retries < 0 || retries > 10) {
            throw new IllegalArgumentException("retries must be 0..10, was " + retries);
        }
        if (backoffInitial.isNegative() || backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max: " + backoffInitial + ", "
                    + backoffMax);
        }
        if (watchdogMinSeconds < 1 || watchdogMaxSeconds > 255 || watchdogMinSeconds > watchdogMaxSeconds) {
            throw new IllegalArgumentException("watchdog range must lie within 1..255 s: " + watchdogMinSeconds + ".."
                    + watchdogMaxSeconds);
        }
    }

    /** NE-1000 defaults from the reference: 500 ms reply timeout, 2 retries, basic first, 1..255 s watchdog. */
    public static NeDriverSettings defaults(int address) {
        return new NeDriverSettings(address, Duration.ofMillis(500), 2, NeFraming.BASIC, Duration.ofMillis(250),
                Duration.ofSeconds(5), Duration.ofMillis(60), 1, 255);
    }

    public NeDriverSettings withAddress(int newAddress) {
        return new NeDriverSettings(newAddress, replyTimeout, retries, initialFraming, backoffInitial, backoffMax,
                alarmSettle, watchdogMinSeconds, watchdogMaxSeconds);
    }

    public NeDriverSettings withReplyTimeout(Duration timeout) {
        return new NeDriverSettings(address, timeout, retries, initialFraming, backoffInitial, backoffMax,
                alarmSettle, watchdogMinSeconds, watchdogMaxSeconds);
    }
}
