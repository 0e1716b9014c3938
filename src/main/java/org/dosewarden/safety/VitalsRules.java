package org.dosewarden.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.library.VitalLimit;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.library.VitalsProfile;
import org.dosewarden.safety.ChannelState.LatestVital;

/**
 * The vitals interlock (clinical.md "Vitals interlock"): pre-start gate, soft breach on consecutive readings,
 * hard breach pauses, stale or invalid data alarms (and pauses when vitals are required). Threshold
 * semantics are the {@link VitalLimit}'s own (≥ vs >); a sign without a limit is not judged.
 */
final class VitalsRules {

    private VitalsRules() {
    }

    /** Gate reasons: {@code binding} cannot be overridden, {@code overridable} can, with a reason. */
    record Gate(List<String> binding, List<String> overridable) {
    }

    static Gate gate(Decision d, boolean resume) {
        VitalsProfile profile = d.program.vitalsProfile();
        if (profile == null) {
            return new Gate(List.of(), List.of());
        }
        List<String> binding = new ArrayList<>();
        List<String> overridable = new ArrayList<>();
        long maxAge = profile.startGateMaxAge().toNanos();
        List<VitalSign> checked = new ArrayList<>();
        for (VitalLimit limit : profile.startGate()) {
            Optional<LatestVital> v = latest(d, limit.sign());
            if (v.isEmpty() || d.at.nanosSince(v.get().atNanos()) > maxAge) {
                if (!checked.contains(limit.sign())) {
                    overridable.add("no " + limit.sign().displayName() + " reading within the last "
                            + profile.startGateMaxAge().toMinutes() + " min");
                    checked.add(limit.sign());
                }
            } else if (limit.breachedBy(v.get().value())) {
                overridable.add("latest " + limit.sign().displayName() + " " + v.get().value() + " "
                        + limit.sign().unit() + " is beyond the start limit " + limit.describe());
            }
        }
        if (resume) {
            // Resume only once values are back below the alert (soft) thresholds.
            for (VitalLimit limit : profile.softLimits()) {
                Optional<LatestVital> v = latest(d, limit.sign());
                if (v.isPresent() && limit.breachedBy(v.get().value())) {
                    binding.add("latest " + limit.sign().displayName() + " " + v.get().value() + " "
                            + limit.sign().unit() + " is still at the alert limit " + limit.describe());
                }
            }
        }
        return new Gate(binding, overridable);
    }

    static void onReading(Decision d, Event.VitalsReading r) {
        VitalsProfile profile = d.hasSession() ? d.program.vitalsProfile() : null;
        boolean afterCare = profile != null && AfterCareRules.monitoring(d);
        boolean supervising = profile != null
                && (d.infusion == InfusionState.RUNNING || d.infusion == InfusionState.PAUSED || afterCare);
        for (VitalValue v : r.values()) {
            if (!v.usable()) {
                d.raise(AlarmType.VITALS_INVALID, v.sign().name(), v.sign().displayName() + " arrived "
                        + (v.valid() ? "as " + v.value() : "marked invalid (NaN or unreadable)") + "; not used");
                continue;
            }
            d.clearCondition(AlarmType.VITALS_INVALID, v.sign().name());
            int streak = 0;
            if (profile != null) {
                Optional<LatestVital> prev = latest(d, v.sign());
                boolean soft = profile.softLimits().stream()
                        .anyMatch(l -> l.sign() == v.sign() && l.breachedBy(v.value()));
                streak = soft ? prev.map(LatestVital::softStreak).orElse(0) + 1 : 0;
            }
            d.latestVitals.removeIf(x -> x.sign() == v.sign());
            d.latestVitals.add(new LatestVital(v.sign(), v.value(), d.now, streak));
            d.clearCondition(AlarmType.VITALS_STALE, v.sign().name());
            d.clearCondition(AlarmType.VITALS_MISSING, v.sign().name());
            d.clearCondition(AlarmType.AFTER_CARE_VITALS_STALE, v.sign().name());
            if (profile == null) {
                continue;
            }
            if (supervising && streak >= profile.softConsecutiveReadings()) {
                String limits = profile.softLimits().stream().filter(l -> l.sign() == v.sign() && l.breachedBy(v.value()))
                        .map(VitalLimit::describe).toList().toString();
                d.raise(afterCare ? AlarmType.AFTER_CARE_VITALS : AlarmType.VITALS_SOFT_BREACH, v.sign().name(),
                        v.sign().displayName() + " " + v.value() + " " + v.sign().unit() + " on " + streak
                                + " consecutive readings, alert limit " + limits);
            }
            if (v.sign() == VitalSign.SPO2) {
                boolean breach = profile.hardLimits().stream()
                        .anyMatch(l -> l.sign() == VitalSign.SPO2 && l.breachedBy(v.value()));
                if (breach && !d.spo2BreachActive) {
                    d.spo2BreachActive = true;
                    d.spo2BreachSinceNanos = d.now;
                } else if (!breach) {
                    d.spo2BreachActive = false;
                }
                if (supervising && breach && spo2HoldReached(d, profile)) {
                    hard(d, v.sign(), v.value(), profile);
                }
                continue;
            }
            if (supervising) {
                for (VitalLimit l : profile.hardLimits()) {
                    if (l.sign() == v.sign() && l.breachedBy(v.value())) {
                        hard(d, v.sign(), v.value(), profile);
                        break;
                    }
                }
            }
        }
        if (r.values().isEmpty()) {
            d.record(JournalRecord.RecordType.INTERLOCK, "empty vitals message", List.of(), d.facts());
        }
    }

    private static boolean spo2HoldReached(Decision d, VitalsProfile profile) {
        return d.spo2BreachActive && d.at.nanosSince(d.spo2BreachSinceNanos) >= profile.spo2HardHold().toNanos();
    }

    private static void hard(Decision d, VitalSign sign, int value, VitalsProfile profile) {
        String limits = profile.hardLimits().stream().filter(l -> l.sign() == sign && l.breachedBy(value))
                .map(VitalLimit::describe).toList().toString();
        String detail = sign.displayName() + " " + value + " " + sign.unit() + " beyond the hard limit " + limits;
        if (AfterCareRules.monitoring(d)) {
            // Nothing runs any more: an alarm for the clinician, no change of state (SR-O3).
            d.raise(AlarmType.AFTER_CARE_VITALS, sign.name(), detail);
            return;
        }
        d.trip(AlarmType.VITALS_HARD_BREACH, sign.name(), detail);
    }

    /** Staleness and the SpO2 hold, judged while running and during after-care monitoring. */
    static void onTick(Decision d) {
        if (!d.hasSession() || d.program.vitalsProfile() == null) {
            return;
        }
        if (AfterCareRules.monitoring(d)) {
            afterCareTick(d, d.program.vitalsProfile());
            return;
        }
        if (d.infusion != InfusionState.RUNNING || d.segment == null) {
            return;
        }
        VitalsProfile profile = d.program.vitalsProfile();
        Optional<LatestVital> spo2 = latest(d, VitalSign.SPO2);
        if (spo2.isPresent() && d.spo2BreachActive && spo2HoldReached(d, profile)
                && d.at.nanosSince(spo2.get().atNanos()) <= profile.continuousMaxGap().toNanos()) {
            hard(d, VitalSign.SPO2, spo2.get().value(), profile);
            if (d.infusion != InfusionState.RUNNING) {
                return;
            }
        }
        // Blood pressure is always expected; continuous signs only once the monitor has sent them.
        long bpAt = latest(d, VitalSign.SYSTOLIC_BP).map(LatestVital::atNanos).orElse(d.segment.startNanos());
        if (d.at.nanosSince(bpAt) > profile.bloodPressureMaxAge().toNanos()) {
            stale(d, VitalSign.SYSTOLIC_BP, profile, d.at.nanosSince(bpAt), profile.bloodPressureMaxAge().toMinutes() + " min");
        }
        for (LatestVital v : List.copyOf(d.latestVitals)) {
            if (d.infusion != InfusionState.RUNNING) {
                return;
            }
            if (v.sign() == VitalSign.SYSTOLIC_BP || v.sign() == VitalSign.DIASTOLIC_BP) {
                continue;
            }
            long age = d.at.nanosSince(v.atNanos());
            if (age > profile.continuousMaxGap().toNanos()) {
                stale(d, v.sign(), profile, age, profile.continuousMaxGap().toSeconds() + " s");
            }
        }
    }

    /**
     * During after-care monitoring (SR-O3): the SpO2 hold and staleness as while running, but only alarms: the
     * infusion has ended, so nothing is paused. Without any blood pressure yet, its age counts from the start
     * of monitoring.
     */
    private static void afterCareTick(Decision d, VitalsProfile profile) {
        Optional<LatestVital> spo2 = latest(d, VitalSign.SPO2);
        if (spo2.isPresent() && d.spo2BreachActive && spo2HoldReached(d, profile)
                && d.at.nanosSince(spo2.get().atNanos()) <= profile.continuousMaxGap().toNanos()) {
            hard(d, VitalSign.SPO2, spo2.get().value(), profile);
        }
        long bpAt = latest(d, VitalSign.SYSTOLIC_BP).map(LatestVital::atNanos).orElse(d.monitoring.sinceNanos());
        long bpAge = d.at.nanosSince(bpAt);
        if (bpAge > profile.bloodPressureMaxAge().toNanos()) {
            d.raise(AlarmType.AFTER_CARE_VITALS_STALE, VitalSign.SYSTOLIC_BP.name(), VitalSign.SYSTOLIC_BP.displayName()
                    + " not seen for " + SafetyCore.millis(bpAge) / 1000 + " s (limit "
                    + profile.bloodPressureMaxAge().toMinutes() + " min)");
        }
        for (LatestVital v : List.copyOf(d.latestVitals)) {
            if (v.sign() == VitalSign.SYSTOLIC_BP || v.sign() == VitalSign.DIASTOLIC_BP) {
                continue;
            }
            long age = d.at.nanosSince(v.atNanos());
            if (age > profile.continuousMaxGap().toNanos()) {
                d.raise(AlarmType.AFTER_CARE_VITALS_STALE, v.sign().name(), v.sign().displayName() + " last seen "
                        + SafetyCore.millis(age) / 1000 + " s ago (limit " + profile.continuousMaxGap().toSeconds() + " s)");
            }
        }
    }

    private static void stale(Decision d, VitalSign sign, VitalsProfile profile, long ageNanos, String limit) {
        String detail = sign.displayName() + " last seen " + SafetyCore.millis(ageNanos) / 1000 + " s ago (limit "
                + limit + ")";
        d.raise(AlarmType.VITALS_STALE, sign.name(), detail);
        if (profile.required() && d.infusion == InfusionState.RUNNING) {
            d.trip(AlarmType.VITALS_MISSING, sign.name(), detail + "; vitals are required for this drug");
        }
    }

    private static Optional<LatestVital> latest(Decision d, VitalSign sign) {
        return d.latestVitals.stream().filter(v -> v.sign() == sign).findFirst();
    }
}
