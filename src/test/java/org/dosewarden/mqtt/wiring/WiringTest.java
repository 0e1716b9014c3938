package org.dosewarden.mqtt.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.channel.ChannelHandle;
import org.dosewarden.channel.ChannelLinkState;
import org.dosewarden.channel.ChannelRecord;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.channel.ClinicianIntent;
import org.dosewarden.channel.IntentResult;
import org.dosewarden.channel.SessionSummary;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.mqtt.AlarmView;
import org.dosewarden.mqtt.PauseOutcome;
import org.dosewarden.mqtt.PauseRequest;
import org.dosewarden.mqtt.StatusSnapshot;
import org.dosewarden.mqtt.VitalsParser;
import org.dosewarden.mqtt.VitalsReading;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.VitalValue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The adapters between MQTT and the channel layer / safety core. */
class WiringTest {

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-03-02T09:00:00Z"));

    private VitalsReading parse(String json) {
        return VitalsParser.parse("a", json.getBytes(StandardCharsets.UTF_8), time.wallTime());
    }

    @Test
    @DisplayName("vitals become a core event whose moment carries the reading's real age")
    void vitalsBecomeCoreEventWithAge() {
        time.advance(Duration.ofMinutes(20));
        Event.VitalsReading e = CoreVitals.toEvent(parse("{\"ts\":\"2026-03-02T09:19:00Z\",\"sbp\":182,\"hr\":88}"), time);
        assertEquals(Instant.parse("2026-03-02T09:19:00Z"), e.at().wall());
        assertEquals(time.monotonicNanos() - Duration.ofMinutes(1).toNanos(), e.at().monotonicNanos());
        assertEquals(List.of(VitalValue.of(VitalSign.SYSTOLIC_BP, 182), VitalValue.of(VitalSign.HEART_RATE, 88)),
                e.values());
        Event.VitalsReading viaMoment = CoreVitals.toEvent(parse("{\"ts\":\"2026-03-02T09:19:00Z\",\"hr\":88}"),
                new org.dosewarden.safety.Moment(time.wallTime(), 5_000_000_000_000L));
        assertEquals(5_000_000_000_000L - Duration.ofMinutes(1).toNanos(), viaMoment.at().monotonicNanos());
    }

    @Test
    @DisplayName("clinical.md data quality: a 0 or NaN reaches the core as an invalid value")
    void invalidValuesReachTheCoreAsInvalid() {
        Event.VitalsReading e = CoreVitals.toEvent(parse("{\"spo2\":0,\"hr\":NaN,\"rr\":14}"), time);
        assertEquals(List.of(VitalValue.invalid(VitalSign.HEART_RATE), VitalValue.invalid(VitalSign.SPO2),
                VitalValue.of(VitalSign.RESPIRATORY_RATE, 14)), e.values());
    }

    @Test
    @DisplayName("an unreadable message or timestamp marks every sign invalid: never silently ignored")
    void unreadableMessageMarksEverySignInvalid() {
        for (String bad : List.of("garbage", "{\"ts\":\"soon\",\"sbp\":120}")) {
            Event.VitalsReading e = CoreVitals.toEvent(parse(bad), time);
            assertEquals(VitalSign.values().length, e.values().size(), bad);
            assertTrue(e.values().stream().noneMatch(VitalValue::usable), bad);
        }
    }

    @Test
    @DisplayName("a channel snapshot becomes the status document and alarm set, pump action from the alarm table")
    void snapshotBecomesStatusAndAlarms() {
        Instant t = time.wallTime();
        ChannelSnapshot snap = new ChannelSnapshot("a", true, "", "newera-ne1000", "sim:", ChannelLinkState.CONNECTED,
                "RUNNING", false, null, 1, Volume.ofMicrolitres(12_250), FlowRate.ofMicrolitresPerHour(50_400),
                List.of(new ChannelSnapshot.AlarmView("al-1", "OVER_INFUSION", "HIGH", "over", t, true, null),
                        new ChannelSnapshot.AlarmView("al-2", "SOMETHING_NEW", "LOW", "new", t, false, "nurse1")),
                t);
        StatusSnapshot s = DashboardViews.status(snap, 77, "Bed 1", null, null, null);
        assertEquals(77, s.seq());
        assertEquals(new BigDecimal("50.4"), s.rateMlPerH());
        assertEquals(new BigDecimal("12.25"), s.deliveredMl());
        assertEquals(2, s.step());
        assertEquals(2, s.activeAlarms());
        assertNull(s.drug());
        List<AlarmView> alarms = DashboardViews.alarms(snap);
        assertEquals(AlarmView.PumpAction.STOP, alarms.get(0).pumpAction());
        assertEquals(AlarmView.Priority.HIGH, alarms.get(0).priority());
        assertEquals(AlarmView.PumpAction.STOP, alarms.get(1).pumpAction(), "unknown type: most conservative");
        assertEquals("nurse1", alarms.get(1).acknowledgedBy());
    }

    @Test
    @DisplayName("SR-D3: a pause request becomes a Pause intent that expires when the request does")
    void pauseRequestBecomesPauseIntent() throws Exception {
        List<ClinicianIntent> submitted = new ArrayList<>();
        ChannelHandle handle = new ChannelHandle() {
            @Override
            public String name() {
                return "a";
            }

            @Override
            public ChannelSnapshot snapshot() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<org.dosewarden.dose.plan.PumpCapability> pumpCapability() {
                return Optional.empty();
            }

            @Override
            public CompletableFuture<IntentResult> submit(ClinicianIntent intent) {
                submitted.add(intent);
                return CompletableFuture.completedFuture(submitted.size() == 1
                        ? IntentResult.Refused.of(IntentResult.RefusalKind.ILLEGAL_STATE,
                                "cannot pause: the infusion is IDLE, not RUNNING", "IDLE")
                        : new IntentResult.NotApplicable("nothing"));
            }

            @Override
            public List<ChannelRecord> records(long afterSequence, int limit) {
                return List.of();
            }

            @Override
            public void addListener(org.dosewarden.channel.ChannelListener listener) {
                throw new UnsupportedOperationException("the pause path never listens");
            }
        };
        ChannelDirectory directory = new ChannelDirectory() {
            @Override
            public List<ChannelHandle> channels() {
                return List.of(handle);
            }

            @Override
            public Optional<ChannelHandle> find(String name) {
                return name.equals("a") ? Optional.of(handle) : Optional.empty();
            }

            @Override
            public List<SessionSummary> sessionsOf(String patientId) {
                return List.of();
            }

            @Override
            public Optional<org.dosewarden.channel.SessionRecords> sessionRecords(String sessionId) {
                return Optional.empty();
            }
        };
        ChannelPauseRequests pauses = new ChannelPauseRequests(directory, time);
        PauseRequest r = new PauseRequest("a", "r-1", time.wallTime().plusSeconds(30), "station 3", null,
                time.wallTime());
        PauseOutcome outcome = pauses.pause(r).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(new PauseOutcome(PauseOutcome.Result.REJECTED, "cannot pause: the infusion is IDLE, not RUNNING"),
                outcome);
        ClinicianIntent intent = submitted.get(0);
        assertEquals("mqtt:station 3", intent.user());
        assertEquals("mqtt", intent.via());
        assertEquals("pause", intent.action().name());
        assertEquals(time.monotonicNanos() + Duration.ofSeconds(30).toNanos(), intent.expiresAtNanos());
        PauseOutcome unknown = pauses.pause(new PauseRequest("zz", "r-2", time.wallTime().plusSeconds(5), null, null,
                time.wallTime())).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(PauseOutcome.Result.REJECTED, unknown.result());
        assertFalse(submitted.size() > 1, "no intent for an unknown channel");
    }
}
