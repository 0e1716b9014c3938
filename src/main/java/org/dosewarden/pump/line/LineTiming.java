package org.dosewarden.pump.line;

import java.time.Duration;

/**
 * The limits every family's driver settings keep for talking over one line: the pump's address, how long one
 * attempt waits, how often silence and line noise are retried, and the reconnect backoff. The settings records call
 * {@link #check} from their constructors so that a bad profile fails with the same words in every family.
 */
public final class LineTiming {

    /** Pump addresses on a daisy chain, both families. */
    public static final int MAX_ADDRESS = 99;
    /** More retries after silence than this would hold a poll past any sensible link timeout. */
    public static final int MAX_RETRIES = 10;
    /** Retries after a damaged reply: noise is retried longer than silence (SR-D7), within this. */
    public static final int MAX_GARBLED_RETRIES = 30;

    private LineTiming() {}

    /**
     * @param family how messages name the pump, e.g. "New Era"
     * @throws IllegalArgumentException naming the value and the limit it broke
     */
    public static void check(String family, int address, Duration replyTimeout, int retries, int garbledRetries,
            Duration backoffInitial, Duration backoffMax) {
        if (address < 0 || address > MAX_ADDRESS) {
            throw new IllegalArgumentException(family + " pump address must be 0.." + MAX_ADDRESS + ", was " + address);
        }
        if (replyTimeout.isNegative() || replyTimeout.isZero()) {
            throw new IllegalArgumentException("reply timeout must be positive: " + replyTimeout);
        }
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new IllegalArgumentException("retries must be 0.." + MAX_RETRIES + ", was " + retries);
        }
        if (garbledRetries < 0 || garbledRetries > MAX_GARBLED_RETRIES) {
            throw new IllegalArgumentException("garbled retries must be 0.." + MAX_GARBLED_RETRIES + ", was "
                    + garbledRetries);
        }
        if (backoffInitial.isNegative() || backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max: " + backoffInitial + ", "
                    + backoffMax);
        }
    }
}
