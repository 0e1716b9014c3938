package org.dosewarden.safety;

import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.safety.ChannelState.Segment;
import org.dosewarden.safety.JournalRecord.RecordType;

/** Pump readings: delivered-volume accounting and the running interlocks. */
final class Supervision {

    private Supervision() {
    }

    static void onReading(Decision d, Event.PumpReading r) {
        SafetySettings s = d.settings();
        d.answered = true;
        d.contactTimer = true;
        d.lastContactNanos = d.now;
        if (d.linkLost) {
            d.linkLost = false;
            d.record(RecordType.INTERLOCK, "pump answers again", List.of(), d.facts());
        }
        d.clearCondition(AlarmType.LINK_LOST, "");
        boolean wasUncertain = d.uncertain;
        if (wasUncertain) {
            d.uncertain = false;
            d.clearCondition(AlarmType.COMMAND_UNCERTAIN, "");
            d.record(RecordType.INTERLOCK, "uncertain command outcome resolved by readback: pump " + r.mode()
                    + " at " + r.rate(), List.of(), d.facts());
        }

        // ---- delivered accounting: counter increases only; a lower counter means it was cleared ----
        Volume delta;
        boolean counterCleared = false;
        if (!d.counterKnown) {
            delta = Volume.ZERO;
            d.counterKnown = true;
        } else if (r.infusedCounter().compareTo(d.lastCounter) < 0) {
            counterCleared = true;
            delta = r.infusedCounter();
            d.record(RecordType.COUNTER_CLEARED, "pump counter went back from " + d.lastCounter + " to "
                    + r.infusedCounter() + ": taken as cleared; delivered total kept at " + d.delivered,
                    List.of(), d.facts());
        } else {
            delta = r.infusedCounter().minusOrZero(d.lastCounter);
        }
        d.lastCounter = r.infusedCounter();
        d.lastMode = r.mode();
        d.lastRate = r.rate();
        if (d.hasSession() && !delta.isZero()) {
            d.delivered = d.delivered.plus(delta);
            if (!d.program.plan().steps().isEmpty() && d.stepIndex < d.program.stepCount()) {
                d.deliveredInStep = d.deliveredInStep.plus(delta);
            }
            d.record(RecordType.VOLUME_COUNTED, "delivered +" + delta + " = " + d.delivered, List.of(),
                    d.facts("delta", delta.toString(), "counter", r.infusedCounter().toString()));
        }
        if (counterCleared && (d.infusion == InfusionState.RUNNING || d.infusion == InfusionState.PAUSED)) {
            d.trip(AlarmType.PUMP_COUNTER_RESET, "", "counter went back to " + r.infusedCounter());
            return;
        }

        if (d.infusion == InfusionState.RUNNING) {
            running(d, r, delta, wasUncertain, s);
        } else if (d.infusion == InfusionState.COMPLETED && d.kvoRunning) {
            keepVeinOpen(d, r, s);
        } else {
            notDelivering(d, r, delta, s);
        }
    }

    private static void notDelivering(Decision d, Event.PumpReading r, Volume delta, SafetySettings s) {
        if (r.mode() == PumpActivity.INFUSING) {
            d.trip(AlarmType.PUMP_RUNNING_UNCOMMANDED, "", "pump reports INFUSING at " + r.rate() + " while the "
                    + "infusion is " + d.infusion);
            return;
        }
        if (!d.stopConfirmed) {
            // First reading since the stop: what it adds is the pump coasting to a halt, not free flow.
            d.stopConfirmed = true;
            d.sinceStopped = Volume.ZERO;
            return;
        }
        d.sinceStopped = d.sinceStopped.plus(delta);
        if (d.sinceStopped.compareTo(s.freeFlowVolume()) > 0) {
            d.trip(AlarmType.FREE_FLOW, "", d.sinceStopped + " counted while the pump reports " + r.mode()
                    + " (limit " + s.freeFlowVolume() + ")");
        }
    }

    private static void keepVeinOpen(Decision d, Event.PumpReading r, SafetySettings s) {
        KeepVeinOpen kvo = d.program.keepVeinOpen();
        if (r.mode() != PumpActivity.INFUSING) {
            d.kvoRunning = false;
            d.stopConfirmed = true;
            d.sinceStopped = Volume.ZERO;
            d.record(RecordType.INTERLOCK, "keep-vein-open ended: pump " + r.mode(), List.of(), d.facts());
            return;
        }
        if (r.rate().microlitresPerHour() > kvo.rate().microlitresPerHour()
                + d.program.rateResolution().microlitresPerHour()) {
            d.trip(AlarmType.RATE_MISMATCH, "", "keep-vein-open runs at " + r.rate() + ", allowed " + kvo.rate());
            return;
        }
        Volume afterPlan = d.delivered.minusOrZero(d.program.plan().totalVolume());
        if (afterPlan.compareTo(kvo.limit().plus(s.overInfusionAbsolute())) > 0) {
            d.trip(AlarmType.VTBI_IGNORED, "", "keep-vein-open delivered " + afterPlan + ", limit " + kvo.limit());
        }
    }

    private static void running(Decision d, Event.PumpReading r, Volume delta, boolean wasUncertain,
            SafetySettings s) {
        Segment seg = d.segment;
        long sinceStart = d.at.nanosSince(seg.startNanos());
        boolean inGrace = sinceStart < s.startupGrace().toNanos();

        // SR-A4: the session total and the step volume.
        PlannedStep step = d.currentStep();
        Volume stepVtbi = step.volumeToBeInfused();
        if (d.deliveredInStep.compareTo(stepVtbi.plus(s.overInfusionAbsolute())) > 0) {
            d.trip(AlarmType.VTBI_IGNORED, "step " + (d.stepIndex + 1), "step " + (d.stepIndex + 1) + " delivered "
                    + d.deliveredInStep + ", its volume to be infused is " + stepVtbi);
            return;
        }
        // A reading is rounded up to whole µL (PumpDriver#readDelivered): one that just reaches the total (or the
        // step's volume) while the pump still infuses at the programmed rate toward its armed target may be short
        // of it by up to 1 µL. The pump stops itself at its target, and the next reading (stopped, or past the
        // total) ends the step; a stop sent now would end the session short of the plan. A pump running at
        // another rate at the total (its own keep-vein-open) is stopped at once, as before.
        boolean mayBeShort = r.mode() == PumpActivity.INFUSING
                && rateWithin(r.rate(), seg.rate(), d.program.rateResolution());
        int toTotal = d.delivered.compareTo(d.program.plan().totalVolume());
        if (toTotal > 0 || toTotal == 0 && !mayBeShort) {
            SafetyCore.complete(d);
            return;
        }
        // SR-A3/SR-D2 readback: what the pump runs must be what was programmed, within its resolution.
        // Judged after the volume caps, so that reaching the total always ends in a completion stop.
        if (r.mode() == PumpActivity.INFUSING && !rateWithin(r.rate(), seg.rate(), d.program.rateResolution())) {
            d.trip(AlarmType.RATE_MISMATCH, "", "pump reports " + r.rate() + ", programmed " + seg.rate()
                    + " (tolerance " + d.program.rateResolution() + ")");
            return;
        }
        boolean pumpFinishedStep = r.mode() != PumpActivity.INFUSING
                && d.deliveredInStep.plus(d.program.volumeResolution()).compareTo(stepVtbi) >= 0;
        int toStep = d.deliveredInStep.compareTo(stepVtbi);
        if (toStep > 0 || toStep == 0 && !mayBeShort || pumpFinishedStep) {
            advance(d, stepVtbi);
            return;
        }
        // Delivery lease (a pump without its own watchdog): the pump was armed for a stretch of the step only.
        if (leased(d, seg, stepVtbi)) {
            if (d.delivered.compareTo(seg.armedUntil().plus(s.overInfusionAbsolute())) > 0) {
                d.trip(AlarmType.VTBI_IGNORED, "step " + (d.stepIndex + 1), "pump ran past its delivery lease: "
                        + d.delivered + " delivered, armed until " + seg.armedUntil()
                        + "; without a pump watchdog it cannot be left running");
                return;
            }
        }

        // SR-A5 over-infusion: over the whole segment, and over the rolling window, whatever mode the pump
        // claims (a pump that says PAUSED while its counter runs is delivering).
        Volume segDelivered = d.delivered.minusOrZero(seg.deliveredAtStart());
        Volume expected = SafetyCore.expected(seg.rate(), sinceStart, RoundingMode.CEILING);
        Volume allowed = expected.plus(max(s.overInfusionAbsolute(),
                SafetyCore.permilleOf(expected, s.overInfusionPermille())));
        if (segDelivered.compareTo(allowed) > 0) {
            d.trip(AlarmType.OVER_INFUSION, "", "delivered " + segDelivered + " in " + SafetyCore.millis(sinceStart)
                    + " ms at " + seg.rate() + "; expected " + expected + ", allowed " + allowed);
            return;
        }
        long windowNanos = d.at.nanosSince(seg.windowStartNanos());
        Segment updated = seg;
        if (windowNanos >= s.overInfusionWindow().toNanos()) {
            Volume inWindow = d.delivered.minusOrZero(seg.windowStartDelivered());
            Volume expectedW = SafetyCore.expected(seg.rate(), windowNanos, RoundingMode.CEILING);
            Volume allowedW = expectedW.plus(max(s.overInfusionAbsolute(),
                    SafetyCore.permilleOf(expectedW, s.overInfusionPermille())));
            if (inWindow.compareTo(allowedW) > 0) {
                d.trip(AlarmType.OVER_INFUSION, "", "delivered " + inWindow + " in the last "
                        + SafetyCore.millis(windowNanos) + " ms at " + seg.rate() + "; allowed " + allowedW);
                return;
            }
            updated = new Segment(seg.startNanos(), seg.deliveredAtStart(), seg.rate(), d.now, d.delivered,
                    seg.lastProgressNanos(), seg.underSinceNanos(), seg.underActive(), seg.armedUntil());
        }

        // The lease is used up and the pump stopped at its end: arm the next stretch. The segment goes on, so
        // over- and under-infusion are judged across renewals as over one uninterrupted run (checked above,
        // before renewing).
        if (leased(d, seg, stepVtbi) && r.mode() != PumpActivity.INFUSING
                && d.delivered.plus(d.program.volumeResolution()).compareTo(seg.armedUntil()) >= 0) {
            Volume remaining = SafetyCore.floorTo(stepVtbi.minusOrZero(d.deliveredInStep), d.program.volumeResolution());
            Volume vtbi = SafetyCore.leasedVtbi(d, step, remaining);
            d.command(new PumpCommand.ProgramStep(d.stepIndex, step.rate(), vtbi));
            d.command(PumpCommand.START);
            d.command(PumpCommand.READ_BACK);
            d.segment = new Segment(updated.startNanos(), updated.deliveredAtStart(), updated.rate(),
                    updated.windowStartNanos(), updated.windowStartDelivered(), updated.lastProgressNanos(),
                    updated.underSinceNanos(), updated.underActive(), d.delivered.plus(vtbi));
            d.stopConfirmed = false;
            d.sinceStopped = Volume.ZERO;
            d.record(RecordType.INTERLOCK, "delivery lease of step " + (d.stepIndex + 1) + " used up (pump stopped at "
                    + d.delivered + "): renewed, VTBI " + vtbi, List.of("the pump stops at the end of each lease unless "
                    + "renewed"), d.facts("armedUntil", seg.armedUntil().toString(), "vtbi", vtbi.toString()));
            return;
        }
        if (r.mode() != PumpActivity.INFUSING) {
            // Pumps lag after a start; a still-stopped pump is judged after the grace, or at once when a
            // command's outcome was in doubt (SR-D2: resolved by readback, never assumed).
            d.segment = updated;
            if (r.mode() == PumpActivity.OTHER || wasUncertain || !inGrace) {
                d.trip(AlarmType.PUMP_STOPPED_UNEXPECTEDLY, "", "pump reports " + r.mode() + " with "
                        + stepVtbi.minusOrZero(d.deliveredInStep) + " of step " + (d.stepIndex + 1) + " left");
            }
            return;
        }

        // SR-A6/SR-A7 progress and under-infusion.
        long lastProgress = delta.isZero() ? updated.lastProgressNanos() : d.now;
        if (!delta.isZero()) {
            d.clearCondition(AlarmType.NO_PROGRESS_WARNING, "");
            d.clearCondition(AlarmType.NO_PROGRESS, "");
        }
        boolean underActive = false;
        long underSince = updated.underSinceNanos();
        if (!inGrace) {
            Volume expectedU = SafetyCore.expected(seg.rate(), sinceStart - s.startupGrace().toNanos(),
                    RoundingMode.FLOOR);
            Volume tolerance = max(s.underInfusionAbsolute(), SafetyCore.permilleOf(expectedU, s.underInfusionPermille()));
            underActive = segDelivered.plus(tolerance).compareTo(expectedU) < 0;
        }
        if (underActive) {
            if (!updated.underActive()) {
                underSince = d.now;
            }
            if (d.at.nanosSince(underSince) >= s.underInfusionWindow().toNanos()) {
                d.raise(AlarmType.UNDER_INFUSION, "", "delivered " + segDelivered + " since the segment began; "
                        + "below expected for " + SafetyCore.millis(d.at.nanosSince(underSince)) / 1000 + " s");
            }
        } else {
            d.clearCondition(AlarmType.UNDER_INFUSION, "");
        }
        d.segment = new Segment(updated.startNanos(), updated.deliveredAtStart(), updated.rate(),
                updated.windowStartNanos(), updated.windowStartDelivered(), lastProgress, underSince, underActive,
                updated.armedUntil());
        progressTimers(d);
    }

    /** The running stretch ends before the step does: the pump was armed for a lease, not the whole step. */
    private static boolean leased(Decision d, Segment seg, Volume stepVtbi) {
        Volume stepEnd = d.delivered.minusOrZero(d.deliveredInStep).plus(stepVtbi);
        return !d.settings().deliveryLease().isZero()
                && seg.armedUntil().plus(d.program.volumeResolution()).compareTo(stepEnd) <= 0;
    }

    /** A step's volume is delivered: move to the next step (or complete), carrying any small excess. */
    private static void advance(Decision d, Volume stepVtbi) {
        Volume carry = d.deliveredInStep.minusOrZero(stepVtbi);
        d.record(RecordType.INTERLOCK, "step " + (d.stepIndex + 1) + " delivered (" + d.deliveredInStep + " of "
                + stepVtbi + ")", List.of(), d.facts("carry", carry.toString()));
        d.clearCondition(AlarmType.STEP_DURATION_EXCEEDED, "step " + (d.stepIndex + 1));
        d.segment = null;
        d.stepIndex++;
        d.deliveredInStep = carry;
        d.stepRunNanos = 0;
        SafetyCore.runCurrentStep(d, "step " + d.stepIndex + " delivered");
    }

    /** Time-based running checks, on readings and ticks: no progress, step duration and the near end. */
    static void progressTimers(Decision d) {
        SafetySettings s = d.settings();
        nearEnd(d, s);
        Segment seg = d.segment;
        long still = d.at.nanosSince(seg.lastProgressNanos());
        if (still >= s.noProgressAlarm().toNanos()) {
            d.raise(AlarmType.NO_PROGRESS, "", "no volume delivered for " + SafetyCore.millis(still) / 1000
                    + " s while running");
        } else if (still >= s.noProgressWarning().toNanos()) {
            d.raise(AlarmType.NO_PROGRESS_WARNING, "", "no volume delivered for " + SafetyCore.millis(still) / 1000
                    + " s while running");
        }
        PlannedStep step = d.currentStep();
        long ran = d.stepRunNanos + d.at.nanosSince(seg.startNanos());
        long planned = step.expectedDuration().toNanos();
        long limit = planned + planned / 1000 * s.stepDurationPermille() + s.startupGrace().toNanos();
        if (ran > limit) {
            d.raise(AlarmType.STEP_DURATION_EXCEEDED, "step " + (d.stepIndex + 1), "step " + (d.stepIndex + 1)
                    + " has run " + SafetyCore.millis(ran) / 1000 + " s, planned " + planned / 1_000_000_000L + " s");
        }
    }

    /**
     * SR-C5: once per session, when the rest of the plan takes no longer than the near-end lead at its planned
     * rates, a low-priority advisory. It changes nothing about delivery and is cleared at completion or when
     * the session ends (a plan shorter than the lead raises it at its first running check). A program journaled
     * before the advisory existed carries no lead and never raises it, so its replay decides as it did then.
     */
    private static void nearEnd(Decision d, SafetySettings s) {
        if (d.nearEndRaised || s.nearEndLead().isZero()) {
            return;
        }
        Duration left = ChannelState.Session.remainingTime(d.program, d.stepIndex, d.deliveredInStep);
        if (left.compareTo(s.nearEndLead()) <= 0) {
            d.nearEndRaised = true;
            d.raise(AlarmType.NEAR_END, "", "the rest of the plan, " + d.program.plan().totalVolume()
                    .minusOrZero(d.delivered) + ", takes " + left.toSeconds() + " s at its planned rates (lead "
                    + s.nearEndLead().toSeconds() + " s)");
        }
    }

    static Volume max(Volume a, Volume b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Whether {@code a} and {@code b} differ by at most {@code tolerance} (the pump's rate resolution), either way. */
    static boolean rateWithin(FlowRate a, FlowRate b, FlowRate tolerance) {
        return Math.abs(a.microlitresPerHour() - b.microlitresPerHour()) <= tolerance.microlitresPerHour();
    }
}
