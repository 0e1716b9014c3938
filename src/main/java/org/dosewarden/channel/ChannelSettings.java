package org.dosewarden.channel;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import org.dosewarden.safety.SafetySettings;

/**
 * One configured pump channel ({@code dosewarden.channels.<name>.*}), validated.
 *
 * @param name            channel name, the key under {@code dosewarden.channels}
 * @param profile         device profile id, e.g. {@code newera-ne1000}
 * @param port            device path, {@code tcp://host:port}, or {@code sim:NAME} for the built-in simulator
 * @param address         pump address on its serial network (New Era 0-99)
 * @param syringe         syringe id from the profile's table, or {@code null} when {@code diameterMm} is given
 * @param diameterMm      syringe inside diameter in mm, or {@code null} when {@code syringe} is given
 * @param pollPeriod      how often the pump is read (default 250 ms); bounds overshoot to one poll at the rate
 * @param linkTimeout     no pump answer for this long → link lost alarm (SR-D1)
 * @param watchdogSeconds pump-side communications watchdog (New Era safe mode), 0 = off
 * @param leaseSeconds    with the watchdog off: the pump is armed for at most this long at a time (a delivery
 *                        lease renewed while dosewarden runs), so it stops by itself when dosewarden dies
 * @param nearEndLead     remaining time of a running program at which the NEAR_END advisory is raised (SR-C5)
 */
public record ChannelSettings(
        String name,
        String profile,
        String port,
        int address,
        String syringe,
        BigDecimal diameterMm,
        Duration pollPeriod,
        Duration linkTimeout,
        int watchdogSeconds,
        int leaseSeconds,
        Duration nearEndLead) {

    /** Four reads a second: an overshoot past the total is bounded by 250 ms at the running rate. */
    public static final Duration DEFAULT_POLL_PERIOD = Duration.ofMillis(250);
    /** Eight missed polls: long enough to ride out one retried command, short enough for SR-D1. */
    public static final Duration DEFAULT_LINK_TIMEOUT = Duration.ofSeconds(2);
    /** The pump stops itself 5 s after dosewarden falls silent; heartbeats go 20 times more often. */
    public static final int DEFAULT_WATCHDOG_SECONDS = 5;
    /**
     * Without a pump watchdog: 30 s at the step's rate at a time (231 mL/h → 1.9 mL); renewing costs about
     * one poll of delivery per lease (under 1 %).
     */
    public static final int DEFAULT_LEASE_SECONDS = 30;

    /** A channel with the default delivery lease (used only when the watchdog is off). */
    public ChannelSettings(String name, String profile, String port, int address, String syringe, BigDecimal diameterMm,
            Duration pollPeriod, Duration linkTimeout, int watchdogSeconds) {
        this(name, profile, port, address, syringe, diameterMm, pollPeriod, linkTimeout, watchdogSeconds,
                DEFAULT_LEASE_SECONDS);
    }

    /** A channel with the default near-end lead (SR-C5: 5 min). */
    public ChannelSettings(String name, String profile, String port, int address, String syringe, BigDecimal diameterMm,
            Duration pollPeriod, Duration linkTimeout, int watchdogSeconds, int leaseSeconds) {
        this(name, profile, port, address, syringe, diameterMm, pollPeriod, linkTimeout, watchdogSeconds,
                leaseSeconds, SafetySettings.DEFAULT_NEAR_END_LEAD);
    }

    public ChannelSettings {
        nearEndLead = nearEndLead == null ? SafetySettings.DEFAULT_NEAR_END_LEAD : nearEndLead;
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(pollPeriod, "pollPeriod");
        Objects.requireNonNull(linkTimeout, "linkTimeout");
    }

    /**
     * Checks the values a clinic can get wrong and names the key and the limit that applied.
     *
     * @throws IllegalArgumentException with a message naming {@code dosewarden.channels.<name>.<key>}
     */
    public ChannelSettings validated() {
        String key = "dosewarden.channels." + name + ".";
        if (!name.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("channel name '" + name + "' must be 1-32 letters, digits, '-' or '_'");
        }
        if (profile.isBlank()) {
            throw new IllegalArgumentException(key + "profile is missing: name a device profile, e.g. newera-ne1000");
        }
        if (port.isBlank()) {
            throw new IllegalArgumentException(key + "port is missing: give a device path, tcp://host:port or sim:NAME");
        }
        if (address < 0 || address > 99) {
            throw new IllegalArgumentException(key + "address is " + address + "; it must be 0..99");
        }
        if ((syringe == null || syringe.isBlank()) == (diameterMm == null)) {
            throw new IllegalArgumentException(key + "syringe or " + key + "diameter-mm: give exactly one");
        }
        if (diameterMm != null && (diameterMm.signum() <= 0 || diameterMm.compareTo(BigDecimal.valueOf(80)) > 0)) {
            throw new IllegalArgumentException(key + "diameter-mm is " + diameterMm.toPlainString() + "; it must be above 0 and at most 80 mm");
        }
        if (pollPeriod.compareTo(Duration.ofMillis(50)) < 0 || pollPeriod.compareTo(Duration.ofSeconds(5)) > 0) {
            throw new IllegalArgumentException(key + "poll-interval is " + pollPeriod.toMillis() + " ms; it must be 50 ms..5 s");
        }
        if (linkTimeout.compareTo(pollPeriod.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(key + "link-timeout (" + linkTimeout.toMillis()
                    + " ms) must be at least two poll intervals (" + pollPeriod.multipliedBy(2).toMillis() + " ms)");
        }
        if (watchdogSeconds < 0 || watchdogSeconds > 255) {
            throw new IllegalArgumentException(key + "watchdog-seconds is " + watchdogSeconds + "; it must be 0 (off) or 1..255");
        }
        if (watchdogSeconds > 0 && Duration.ofSeconds(watchdogSeconds).compareTo(pollPeriod.multipliedBy(4)) < 0) {
            throw new IllegalArgumentException(key + "watchdog-seconds (" + watchdogSeconds
                    + " s) must be at least four poll intervals so heartbeats keep it fed");
        }
        if (leaseSeconds < 10 || leaseSeconds > 600
                || Duration.ofSeconds(leaseSeconds).compareTo(pollPeriod.multipliedBy(10)) < 0) {
            throw new IllegalArgumentException(key + "lease-seconds is " + leaseSeconds + "; it must be 10..600 s and at "
                    + "least ten poll intervals (" + pollPeriod.multipliedBy(10).toMillis() + " ms)");
        }
        if (nearEndLead.compareTo(SafetySettings.MIN_NEAR_END_LEAD) < 0
                || nearEndLead.compareTo(SafetySettings.MAX_NEAR_END_LEAD) > 0) {
            throw new IllegalArgumentException(key + "near-end-lead is " + nearEndLead.toSeconds() + " s; it must be "
                    + "1 min..4 h");
        }
        return this;
    }

    /** The delivery lease: none with a pump watchdog, else {@link #leaseSeconds}. */
    public Duration deliveryLease() {
        return watchdogSeconds > 0 ? Duration.ZERO : Duration.ofSeconds(leaseSeconds);
    }
}
