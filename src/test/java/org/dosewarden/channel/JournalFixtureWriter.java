package org.dosewarden.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalBackup;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.journal.Verification;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.newera.NeDriver;
import org.dosewarden.pump.newera.NeDriverSettings;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.VitalValue;
import org.dosewarden.sim.SimTransport;
import org.dosewarden.sim.SimulatedPump;

/**
 * Writes the journal fixture of this release (issue 14, "the journal's format is pinned"): a real journal written
 * by a real channel (the supervision loop, the New Era driver and the simulator on virtual time) through two
 * sessions (a pause, a completion; a stall alarm, an emergency stop, a lost link and a daemon restart while
 * infusing, after which the second session is still open), plus
 * {@code expected.json}, what every later release must find in it. {@link JournalFormatPinnedTest} opens,
 * verifies and replays every fixture under {@code src/test/resources/journal-fixture}.
 *
 * <pre>scripts/journal-fixture          (writes src/test/resources/journal-fixture/&lt;version&gt;/)</pre>
 *
 * Run once per release whose journal format or journaled types changed; it refuses to overwrite a fixture.
 */
public final class JournalFixtureWriter {

    private static final Duration POLL = ChannelSupervisorTest.POLL;

    private final ManualTimeSource time = new ManualTimeSource();
    private final SimulatedPump pump = SimulatedPump.builder(time).name("fixture-a").diameterMm(new BigDecimal("26.59"))
            .powerUpAlarm(false).seed(14).build();
    private static final Duration VITALS_EVERY = Duration.ofSeconds(10);
    private static final List<VitalValue> NORMAL_VITALS = List.of(VitalValue.of(VitalSign.SYSTOLIC_BP, 124),
            VitalValue.of(VitalSign.DIASTOLIC_BP, 78), VitalValue.of(VitalSign.HEART_RATE, 72),
            VitalValue.of(VitalSign.SPO2, 98), VitalValue.of(VitalSign.RESPIRATORY_RATE, 14));

    private long lastVitalsNanos = Long.MIN_VALUE / 2;
    private Journal journal;
    private NeDriver driver;
    private ChannelSupervisor channel;

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: JournalFixtureWriter RELEASE TARGET-DIR");
            System.exit(2);
        }
        Path target = Path.of(args[1]).resolve(args[0]);
        if (Files.exists(target)) {
            System.err.println("fixture " + target + " exists; a fixture is never rewritten");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("journal-fixture");
        new JournalFixtureWriter().write(work, args[0]);
        // The release's own backup makes the one self-contained, verified file that is kept.
        Path single = Files.createTempDirectory("journal-fixture-copy").resolve(Journal.FILE_NAME);
        JournalBackup.copy(work, single, java.time.Instant.now());
        Files.createDirectories(target);
        Files.copy(single, target.resolve(Journal.FILE_NAME));
        Files.copy(work.resolve("expected.json"), target.resolve("expected.json"));
        System.out.println("wrote " + target);
    }

    private void write(Path dataDir, String release) throws Exception {
        journal = Journal.open(dataDir, time);
        channel = newSupervisor();
        channel.beginWithoutThread();
        run(Duration.ofSeconds(2));

        // Session 1: programmed, started past the vitals gate, paused, resumed, completed, ended.
        submit(new ClinicianIntent.ClinicianAction.Program(ChannelSupervisorTest.order("1.2", "0.01")));
        submit(new ClinicianIntent.ClinicianAction.Start(gateOverride()));
        run(Duration.ofSeconds(20));
        channel.post(at -> new Event.VitalsReading(at, List.of(VitalValue.of(VitalSign.SYSTOLIC_BP, 124),
                VitalValue.of(VitalSign.DIASTOLIC_BP, 78), VitalValue.of(VitalSign.HEART_RATE, 72),
                VitalValue.invalid(VitalSign.SPO2))));
        run(POLL);
        submit(new ClinicianIntent.ClinicianAction.Pause());
        run(Duration.ofSeconds(5));
        submit(new ClinicianIntent.ClinicianAction.Resume(gateOverride()));
        runUntil("COMPLETED", Duration.ofMinutes(5));
        acknowledgeAll();
        submit(new ClinicianIntent.ClinicianAction.End("fixture: session 1 done"));
        submit(new ClinicianIntent.ClinicianAction.Start(gateOverride()));   // refused: nothing programmed

        // Session 2: a stall alarm, an emergency stop, a lost link, then the daemon dies and restarts.
        submit(new ClinicianIntent.ClinicianAction.Program(ChannelSupervisorTest.order("1.2", "0.01")));
        submit(new ClinicianIntent.ClinicianAction.Confirm());
        submit(new ClinicianIntent.ClinicianAction.Start(gateOverride()));
        run(Duration.ofSeconds(10));
        pump.faults().stall();
        run(Duration.ofSeconds(3));
        runUntil("TRIPPED", Duration.ZERO);
        acknowledgeAll();
        submit(new ClinicianIntent.ClinicianAction.ResetTrip("fixture: line checked"));
        pump.faults().clearAll();
        run(Duration.ofSeconds(1));
        acknowledgeAll();
        submit(new ClinicianIntent.ClinicianAction.Resume(gateOverride()));
        run(Duration.ofSeconds(5));
        channel.post(at -> new Event.EmergencyStopPressed(at, "fixture"));
        run(Duration.ofSeconds(1));
        channel.post(at -> new Event.EmergencyStopReleased(at, "fixture"));
        run(Duration.ofSeconds(1));
        submit(new ClinicianIntent.ClinicianAction.ResetEmergencyStop("fixture: button tested"));
        acknowledgeAll();
        submit(new ClinicianIntent.ClinicianAction.ResetTrip("fixture: patient checked after the stop"));
        submit(new ClinicianIntent.ClinicianAction.Resume(gateOverride()));
        run(Duration.ofSeconds(5));
        pump.faults().unplug();
        run(Duration.ofSeconds(3));
        pump.faults().plugIn();
        run(Duration.ofSeconds(3));
        runUntil("RUNNING", Duration.ZERO);
        acknowledgeAll();
        submit(new ClinicianIntent.ClinicianAction.ResetTrip("fixture: link re-seated"));
        submit(new ClinicianIntent.ClinicianAction.Resume(gateOverride()));
        run(Duration.ofSeconds(5));
        driver.close();
        time.advance(Duration.ofSeconds(2));
        channel = newSupervisor();
        channel.beginWithoutThread();
        run(Duration.ofSeconds(2));
        runUntil("PAUSED", Duration.ZERO);
        channel.close();
        pump.faults().clearAll();
        journal.close();

        writeExpected(dataDir, release);
    }

    private void writeExpected(Path dataDir, String release) throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode expected = json.createObjectNode().put("release", release);
        Map<String, Integer> types = new TreeMap<>();
        Map<String, Integer> events = new TreeMap<>();
        try (var reader = Journal.openForReading(dataDir)) {
            Verification.Intact intact = (Verification.Intact) reader.verify();
            expected.put("records", intact.records()).put("headHash", intact.headHash())
                    .put("sessions", intact.sessions()).put("cursors", intact.cursors());
            reader.forEachAfter(0, (JournalEntry e) -> {
                types.merge(e.type(), 1, Integer::sum);
                if (e.type().equals(ChannelSupervisor.EVENT)) {
                    events.merge(EventJson.read(e.payload()).getClass().getSimpleName(), 1, Integer::sum);
                }
            });
            ChannelState state = JournalLedger.replay(reader, "a", ChannelSupervisor.safetySettingsFor(
                    ChannelSupervisorTest.settings()));
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("infusion", state.infusion().name());
            a.put("sessionId", state.session() == null ? null : state.session().program().sessionId());
            a.put("deliveredMicrolitres", state.delivered().microlitres());
            a.put("epoch", state.epoch());
            a.put("nextAlarmId", state.nextAlarmId());
            a.put("alarms", state.alarms().stream().map(al -> al.type().name()).toList());
            expected.set("channels", json.valueToTree(Map.of("a", a)));
        }
        expected.set("recordTypes", json.valueToTree(types));
        expected.set("eventTypes", json.valueToTree(events));
        Files.writeString(dataDir.resolve("expected.json"), json.writeValueAsString(expected) + "\n");
        System.out.println(json.writeValueAsString(expected));
    }

    private ChannelSupervisor newSupervisor() {
        driver = new NeDriver(new SimTransport(pump), time, NeDriverSettings.defaults(0));
        ChannelSettings settings = ChannelSupervisorTest.settings();
        ProgramBuilder programs = new ProgramBuilder(ChannelSupervisorTest.PUMP,
                ChannelSupervisor.safetySettingsFor(settings));
        return new ChannelSupervisor(settings, driver, journal, time, 1, programs,
                new SyringeDiameter(new BigDecimal("26.59")));
    }

    private static List<LimitOverride> gateOverride() {
        return List.of(new LimitOverride("vitals.gate", "fixture: manual BP 124/78"));
    }

    private void submit(ClinicianIntent.ClinicianAction action) {
        var future = channel.submit(new ClinicianIntent("dr-fixture", "fixture", time.wallTime(),
                time.monotonicNanos() + Duration.ofSeconds(30).toNanos(), action));
        channel.runCycle();
        IntentResult result = future.join();
        System.out.println(action.getClass().getSimpleName() + " -> " + (result instanceof IntentResult.Refused r
                ? "refused: " + r.reason() : result.getClass().getSimpleName() + " " + channel.snapshot().infusionState()));
    }

    private void acknowledgeAll() {
        for (ChannelSnapshot.AlarmView alarm : channel.snapshot().activeAlarms()) {
            if (alarm.acknowledgedBy() == null) {
                submit(new ClinicianIntent.ClinicianAction.AcknowledgeAlarm(alarm.id()));
            }
        }
    }

    private void run(Duration duration) {
        long end = time.monotonicNanos() + duration.toNanos();
        while (time.monotonicNanos() < end) {
            cycle();
        }
    }

    /** One poll; a bedside monitor sends a full set of normal vitals every 10 s (the drug requires them). */
    private void cycle() {
        time.advance(POLL);
        if (time.monotonicNanos() - lastVitalsNanos >= VITALS_EVERY.toNanos()) {
            lastVitalsNanos = time.monotonicNanos();
            channel.post(at -> new Event.VitalsReading(at, NORMAL_VITALS));
        }
        channel.runCycle();
    }

    private void runUntil(String infusionState, Duration limit) {
        long end = time.monotonicNanos() + limit.toNanos();
        while (!channel.snapshot().infusionState().equals(infusionState) && time.monotonicNanos() < end) {
            cycle();
        }
        System.out.println("now " + channel.snapshot().infusionState() + ", alarms " + channel.snapshot().activeAlarms()
                .stream().map(ChannelSnapshot.AlarmView::type).toList());
    }
}
