package org.dosewarden.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dosewarden.safety.ChannelState.Monitoring;
import org.dosewarden.safety.JournalRecord.RecordType;

/**
 * After-care (SR-O3): a program whose drug entry names a monitoring period owes it once drug was given. When
 * delivery has ended (COMPLETED or STOPPED) the monitoring phase begins; should delivery run again (a stopped
 * session reset after a fault and resumed) it begins anew when delivery ends again. Vitals stay supervised and
 * alarming ({@link VitalsRules}); the session closes only with a discharge sign-off (period over, escort
 * confirmed, alarms acknowledged) or with an end whose reason is a clinician's override of it, never with a
 * plain end. A restart
 * of dosewarden begins the period again in full: nobody watched the vitals while it was down.
 */
final class AfterCareRules {

    private AfterCareRules() {
    }

    /** The session gave drug and its program names a monitoring period. */
    static boolean owed(Decision d) {
        return d.program != null && d.program.monitorsAfterDelivery() && !d.delivered.isZero();
    }

    /**
     * Monitoring is under way and nothing runs: vitals are supervised and alarm, whatever the pump does (a pump
     * fault during after-care does not end the patient's watch).
     */
    static boolean monitoring(Decision d) {
        return d.monitoring != null && d.infusion != InfusionState.RUNNING;
    }

    /** Called on every move to COMPLETED or STOPPED: the monitoring phase begins once. */
    static void deliveryEnded(Decision d) {
        if (!owed(d) || d.monitoring != null) {
            return;
        }
        d.monitoring = new Monitoring(d.now);
        Duration period = d.program.monitoringAfter();
        d.record(RecordType.AFTER_CARE, "after-care monitoring begins: the patient is watched for " + text(period)
                + "; the session closes with a discharge sign-off", List.of("delivery ended with " + d.delivered
                + " given"), d.facts("monitoringAfter", period.toString(), "dischargeFrom", d.at.wall().plus(period).toString()));
    }

    /** After a restart the monitoring period begins again in full. */
    static void recovered(Decision d) {
        if (d.monitoring == null) {
            return;
        }
        d.monitoring = new Monitoring(d.now);
        Duration period = d.program.monitoringAfter();
        d.record(RecordType.AFTER_CARE, "after-care monitoring begins again for " + text(period)
                + ": dosewarden was not running, so the vitals were not watched meanwhile", List.of(),
                d.facts("monitoringAfter", period.toString(), "dischargeFrom", d.at.wall().plus(period).toString()));
    }

    /** An end without a reason of a session that owes monitoring is refused, saying how it closes. */
    static Step refuseEndWithoutReason(Decision d) {
        String how = d.monitoring == null
                ? "stop the infusion to begin the monitoring phase, or end the session with a reason (an override)"
                : "it closes with a discharge sign-off once " + text(d.program.monitoringAfter()) + " of monitoring are over ("
                        + textUp(d.monitoring.remaining(d.program.monitoringAfter(), d.now)) + " to go), or with an end "
                        + "whose reason overrides the monitoring";
        return d.refuse(Refusal.Kind.BLOCKED, "cannot end the session without a reason: drug was given and its entry "
                + "asks for " + text(d.program.monitoringAfter()) + " of after-care monitoring; " + how, List.of());
    }

    static Step discharge(Decision d, Intent.DischargePatient p) {
        if (!owed(d) || d.monitoring == null) {
            return d.refuse(Refusal.Kind.INVALID, "this session has no after-care monitoring phase to sign off; "
                    + "end the session instead", List.of());
        }
        if (!p.escortConfirmed()) {
            return d.refuse(Refusal.Kind.INVALID, "a discharge sign-off confirms the escort; without one, close the "
                    + "session with an override and a reason", List.of());
        }
        List<String> blocked = new ArrayList<>();
        Duration period = d.program.monitoringAfter();
        Duration left = d.monitoring.remaining(period, d.now);
        if (!left.isZero()) {
            blocked.add("monitoring runs " + textUp(left) + " more (" + text(period) + " in all); a discharge before "
                    + "then needs an override with a reason");
        }
        List<Alarm> unacked = d.alarms.stream().filter(a -> a.latched() && !a.acknowledged()).toList();
        if (!unacked.isEmpty()) {
            blocked.add("acknowledge the alarms first: " + unacked.stream().map(a -> "#" + a.id() + " " + a.type())
                    .toList());
        }
        if (!blocked.isEmpty()) {
            return d.refuse(Refusal.Kind.BLOCKED, "cannot discharge: " + blocked.getFirst(), blocked);
        }
        Duration watched = Duration.ofNanos(Math.max(0, d.now - d.monitoring.sinceNanos()));
        d.record(RecordType.AFTER_CARE, "patient discharged by " + p.by().user() + " after " + text(watched)
                + " of monitoring; escort confirmed", List.of("discharge sign-off"), d.facts("user", p.by().user(),
                "escortConfirmed", "true", "monitored", watched.withNanos(0).toString()));
        Intents.closeSession(d, "patient discharged by " + p.by().user());
        return null;
    }

    /** An end with a reason of a session that owes monitoring: the clinician's override, journaled as such. */
    static void endOverridingMonitoring(Decision d, Intent.EndSession e) {
        String monitored = d.monitoring == null ? "monitoring had not begun"
                : "monitored for " + text(Duration.ofNanos(Math.max(0, d.now - d.monitoring.sinceNanos()))) + " of "
                        + text(d.program.monitoringAfter());
        d.record(RecordType.AFTER_CARE, "session closed by " + e.by().user() + " without a discharge sign-off ("
                + monitored + "): " + e.reason(), List.of(e.reason()), d.facts("user", e.by().user(), "override",
                "discharge"));
    }

    /** Time still to wait, rounded up to the minute (never says "0 min" while some is left). */
    static String textUp(Duration d) {
        return text(d.toSeconds() < 60 ? d : d.plusSeconds(59));
    }

    /** "2 h", "1 h 15 min", "40 min", "30 s" (whole minutes, rounded down): for the texts a clinician reads. */
    static String text(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        long h = minutes / 60;
        long m = minutes % 60;
        return h == 0 ? m + " min" : m == 0 ? h + " h" : h + " h " + m + " min";
    }
}
