package org.dosewarden.safety;

import java.time.Duration;
import java.util.Objects;
import org.dosewarden.dose.quantity.Volume;

/**
 * Tolerances and timeouts of the running interlocks. Every default is a named constant with the reason it
 * was chosen; a site may tighten them. Relative tolerances are in permille (1/1000) so no floating point
 * reaches the safety path.
 *
 * @param pollPeriod                how often the channel reads the pump; the overshoot bound is one poll at
 *                                  the current rate
 * @param linkTimeout               no pump reply for this long → link lost, FAULT, high alarm (SR-D1)
 * @param startupGrace              after a start, resume or step change, under-infusion and a still-stopped
 *                                  pump are not judged for this long (SR-A7)
 * @param overInfusionPermille      delivered may exceed rate × time by this fraction ...
 * @param overInfusionAbsolute      ... plus this volume, before it is over-infusion (SR-A5)
 * @param overInfusionWindow        length of the rolling window over which over-infusion is also judged, so a
 *                                  burst late in a long segment is not hidden by an earlier lag
 * @param underInfusionPermille     delivered may fall short of rate × (time − grace) by this fraction ...
 * @param underInfusionAbsolute     ... plus this volume, before it counts as under-infusion (SR-A6)
 * @param underInfusionWindow       under-infusion must persist this long before the warning (SR-A6: 5 min)
 * @param noProgressWarning         no delivered-volume increase while running for this long → warning
 * @param noProgressAlarm           ... for this long → alarm (SR-A6)
 * @param freeFlowVolume            volume counted while the pump should not deliver before it is free flow
 * @param stepDurationPermille      a step may run this fraction longer than planned before an alarm
 * @param restartLimit              same-type interlock stops within {@code restartWindow} that lock out
 *                                  further restarts (SR-C3)
 * @param restartWindow             the SR-C3 window
 * @param deliveryLease             without a pump watchdog: the longest stretch armed at once (0: off)
 * @param nearEndLead               the running program's remaining time at which NEAR_END is raised (SR-C5); 0 (off)
 *                                  only for programs journaled before the advisory existed
 */
public record SafetySettings(
        Duration pollPeriod,
        Duration linkTimeout,
        Duration startupGrace,
        int overInfusionPermille,
        Volume overInfusionAbsolute,
        Duration overInfusionWindow,
        int underInfusionPermille,
        Volume underInfusionAbsolute,
        Duration underInfusionWindow,
        Duration noProgressWarning,
        Duration noProgressAlarm,
        Volume freeFlowVolume,
        int stepDurationPermille,
        int restartLimit,
        Duration restartWindow,
        Duration deliveryLease,
        Duration nearEndLead) {

    /** 250 ms: four polls a second keep the overshoot of a pump that ignores its VTBI to a quarter second. */
    public static final Duration DEFAULT_POLL_PERIOD = Duration.ofMillis(250);
    /** 2 s: eight missed polls; long enough to ride out one serial retry, short enough for SR-D1. */
    public static final Duration DEFAULT_LINK_TIMEOUT = Duration.ofSeconds(2);
    /** 30 s: syringe pumps take up mechanical slack after a start before volume follows the rate. */
    public static final Duration DEFAULT_STARTUP_GRACE = Duration.ofSeconds(30);
    /** 10 %: above the syringe and counter error of lab pumps, far below a doubled rate. */
    public static final int DEFAULT_OVER_INFUSION_PERMILLE = 100;
    /** 100 µL: absorbs the 0.001 mL counter step and poll jitter at very low rates. */
    public static final Volume DEFAULT_OVER_INFUSION_ABSOLUTE = Volume.ofMicrolitres(100);
    /** 60 s: a rolling minute catches a burst that the whole-segment comparison would average away. */
    public static final Duration DEFAULT_OVER_INFUSION_WINDOW = Duration.ofSeconds(60);
    /** 20 %: under-delivery is not dangerous in itself; warn only when it is clearly real. */
    public static final int DEFAULT_UNDER_INFUSION_PERMILLE = 200;
    /** 200 µL: ignore the start-up lag of a syringe at low rates. */
    public static final Volume DEFAULT_UNDER_INFUSION_ABSOLUTE = Volume.ofMicrolitres(200);
    /** 5 min: SR-A6 names five minutes. */
    public static final Duration DEFAULT_UNDER_INFUSION_WINDOW = Duration.ofMinutes(5);
    /** 2 min: at 0.5 mL/h the counter still moves every few seconds; two minutes without is a stall sign. */
    public static final Duration DEFAULT_NO_PROGRESS_WARNING = Duration.ofMinutes(2);
    /** 5 min: no progress this long while running means the patient is not getting the drug. */
    public static final Duration DEFAULT_NO_PROGRESS_ALARM = Duration.ofMinutes(5);
    /** 50 µL: more than a stopping syringe coasts, less than any clinically meaningful bolus. */
    public static final Volume DEFAULT_FREE_FLOW_VOLUME = Volume.ofMicrolitres(50);
    /** 25 %: a step this much longer than planned is under-delivering. */
    public static final int DEFAULT_STEP_DURATION_PERMILLE = 250;
    /** 3: SR-C3, three same alarms within the window lock out restarts. */
    public static final int DEFAULT_RESTART_LIMIT = 3;
    /** 10 min: SR-C3. */
    public static final Duration DEFAULT_RESTART_WINDOW = Duration.ofMinutes(10);

    /**
     * Off: a pump with its own communications watchdog (New Era safe mode) stops by itself when dosewarden
     * falls silent. A channel without one sets a lease (ChannelSupervisor): each programmed stretch is
     * at most this long at the step's rate, so a pump left alone stops at the end of it.
     */
    public static final Duration DEFAULT_DELIVERY_LEASE = Duration.ZERO;

    /** 5 min: SR-C5; time to fetch the next syringe or get to the bedside before the session ends. */
    public static final Duration DEFAULT_NEAR_END_LEAD = Duration.ofMinutes(5);
    /** SR-C5's range for the near-end lead. */
    public static final Duration MIN_NEAR_END_LEAD = Duration.ofMinutes(1);
    public static final Duration MAX_NEAR_END_LEAD = Duration.ofHours(4);

    /** The designed defaults above. */
    public static final SafetySettings DEFAULTS = new SafetySettings(
            DEFAULT_POLL_PERIOD,
            DEFAULT_LINK_TIMEOUT,
            DEFAULT_STARTUP_GRACE,
            DEFAULT_OVER_INFUSION_PERMILLE,
            DEFAULT_OVER_INFUSION_ABSOLUTE,
            DEFAULT_OVER_INFUSION_WINDOW,
            DEFAULT_UNDER_INFUSION_PERMILLE,
            DEFAULT_UNDER_INFUSION_ABSOLUTE,
            DEFAULT_UNDER_INFUSION_WINDOW,
            DEFAULT_NO_PROGRESS_WARNING,
            DEFAULT_NO_PROGRESS_ALARM,
            DEFAULT_FREE_FLOW_VOLUME,
            DEFAULT_STEP_DURATION_PERMILLE,
            DEFAULT_RESTART_LIMIT,
            DEFAULT_RESTART_WINDOW,
            DEFAULT_DELIVERY_LEASE,
            DEFAULT_NEAR_END_LEAD);

    public SafetySettings {
        positive(pollPeriod, "pollPeriod");
        positive(linkTimeout, "linkTimeout");
        notNegative(startupGrace, "startupGrace");
        permille(overInfusionPermille, "overInfusionPermille");
        Objects.requireNonNull(overInfusionAbsolute, "overInfusionAbsolute");
        positive(overInfusionWindow, "overInfusionWindow");
        permille(underInfusionPermille, "underInfusionPermille");
        Objects.requireNonNull(underInfusionAbsolute, "underInfusionAbsolute");
        positive(underInfusionWindow, "underInfusionWindow");
        positive(noProgressWarning, "noProgressWarning");
        positive(noProgressAlarm, "noProgressAlarm");
        Objects.requireNonNull(freeFlowVolume, "freeFlowVolume");
        permille(stepDurationPermille, "stepDurationPermille");
        positive(restartWindow, "restartWindow");
        // Journals written before the lease existed have none.
        deliveryLease = deliveryLease == null ? Duration.ZERO : deliveryLease;
        notNegative(deliveryLease, "deliveryLease");
        if (!deliveryLease.isZero() && deliveryLease.compareTo(pollPeriod.multipliedBy(10)) < 0) {
            throw new IllegalArgumentException("deliveryLease (" + deliveryLease + ") must be off (0) or at least ten "
                    + "poll periods (" + pollPeriod.multipliedBy(10) + ")");
        }
        // A program journaled before the near-end advisory existed has none, and replays without it: the old
        // session is decided again exactly as it was (an advisory raised now would take an alarm id, and the
        // journaled acknowledgements and resets name alarms by id). Off (0) is only ever read from such journals;
        // a channel's configuration cannot set it (ChannelSettings checks the range).
        nearEndLead = nearEndLead == null ? Duration.ZERO : nearEndLead;
        if (!nearEndLead.isZero()
                && (nearEndLead.compareTo(MIN_NEAR_END_LEAD) < 0 || nearEndLead.compareTo(MAX_NEAR_END_LEAD) > 0)) {
            throw new IllegalArgumentException("nearEndLead (" + nearEndLead + ") must be between "
                    + MIN_NEAR_END_LEAD.toMinutes() + " min and " + MAX_NEAR_END_LEAD.toHours() + " h");
        }
        if (linkTimeout.compareTo(pollPeriod) <= 0) {
            throw new IllegalArgumentException("linkTimeout (" + linkTimeout + ") must be longer than pollPeriod ("
                    + pollPeriod + ")");
        }
        if (noProgressAlarm.compareTo(noProgressWarning) < 0) {
            throw new IllegalArgumentException("noProgressAlarm (" + noProgressAlarm
                    + ") must not be shorter than noProgressWarning (" + noProgressWarning + ")");
        }
        if (restartLimit < 1 || restartLimit > 100) {
            throw new IllegalArgumentException("restartLimit must be between 1 and 100: " + restartLimit);
        }
    }

    /** The settings without a near-end lead of their own: the default {@link #DEFAULT_NEAR_END_LEAD}. */
    public SafetySettings(Duration pollPeriod, Duration linkTimeout, Duration startupGrace, int overInfusionPermille,
            Volume overInfusionAbsolute, Duration overInfusionWindow, int underInfusionPermille,
            Volume underInfusionAbsolute, Duration underInfusionWindow, Duration noProgressWarning,
            Duration noProgressAlarm, Volume freeFlowVolume, int stepDurationPermille, int restartLimit,
            Duration restartWindow, Duration deliveryLease) {
        this(pollPeriod, linkTimeout, startupGrace, overInfusionPermille, overInfusionAbsolute, overInfusionWindow,
                underInfusionPermille, underInfusionAbsolute, underInfusionWindow, noProgressWarning, noProgressAlarm,
                freeFlowVolume, stepDurationPermille, restartLimit, restartWindow, deliveryLease, DEFAULT_NEAR_END_LEAD);
    }

    /** These settings with another near-end lead (SR-C5: 1 min to 4 h). */
    public SafetySettings withNearEndLead(Duration lead) {
        return new SafetySettings(pollPeriod, linkTimeout, startupGrace, overInfusionPermille, overInfusionAbsolute,
                overInfusionWindow, underInfusionPermille, underInfusionAbsolute, underInfusionWindow,
                noProgressWarning, noProgressAlarm, freeFlowVolume, stepDurationPermille, restartLimit, restartWindow,
                deliveryLease, lead);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    private static void notNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }

    private static void permille(int value, String name) {
        if (value < 0 || value > 1000) {
            throw new IllegalArgumentException(name + " must be between 0 and 1000 permille: " + value);
        }
    }
}
