package org.dosewarden.channel;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dosewarden.clock.ScaledTimeSource;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalException;
import org.dosewarden.journal.Session;
import org.dosewarden.pump.PumpDriver;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.profile.DeviceProfile;
import org.dosewarden.pump.profile.DeviceProfiles;
import org.dosewarden.pump.wiring.PumpDrivers;
import org.dosewarden.pump.wiring.TransportFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every configured channel, started eagerly with the daemon. A channel whose configuration or profile does
 * not validate stays disabled with the reason (STYLE.md rule 7: fail closed, never a default); the others
 * run. On shutdown every running channel tells its pump to stop.
 */
@Context
@Requires(notEnv = "apitest")
public class DaemonChannels implements ChannelDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonChannels.class);

    private final Journal journal;
    private final TransportFactory transports;
    private final List<ChannelHandle> channels = new ArrayList<>();
    private final List<ChannelSupervisor> supervisors = new ArrayList<>();

    public DaemonChannels(List<ChannelConfiguration> configurations, DeviceProfiles profiles, Journal journal,
                          TimeSource time, @Value("${dosewarden.time-factor:1}") long timeFactor) {
        this.journal = journal;
        long factor = time instanceof ScaledTimeSource scaled ? scaled.factor() : Math.max(1, timeFactor);
        this.transports = TransportFactory.standard();
        List<ChannelConfiguration> ordered = new ArrayList<>(configurations);
        ordered.sort((a, b) -> a.getName().compareTo(b.getName()));
        // Chairs of one site usually share a pump model: each profile is read and checked once for all of them.
        // A profile that fails is not kept, so every channel naming it is disabled with the same reason.
        Map<String, DeviceProfile> loaded = new HashMap<>();
        ProfileSource source = id -> {
            DeviceProfile profile = loaded.get(id);
            if (profile == null) {
                profile = profiles.load(id);
                loaded.put(id, profile);
            }
            return profile;
        };
        for (ChannelConfiguration configuration : ordered) {
            try {
                ChannelSupervisor supervisor = create(configuration, source, journal, time, factor, transports);
                supervisors.add(supervisor);
                channels.add(supervisor);
            } catch (RuntimeException | org.dosewarden.pump.profile.DeviceProfileException e) {
                LOG.error("channel {} disabled: {}", configuration.getName(), e.getMessage());
                channels.add(new DisabledChannel(configuration, e.getMessage(), time));
            }
        }
        for (ChannelSupervisor supervisor : supervisors) {
            supervisor.start();
            LOG.info("channel {} started: profile {}, port {}", supervisor.name(), supervisor.settings().profile(),
                    supervisor.settings().port());
        }
    }

    /** One channel from its configuration, exactly as the daemon builds it (end-to-end tests use it too). */
    static ChannelSupervisor create(ChannelConfiguration configuration, DeviceProfiles profiles,
                                            Journal journal, TimeSource time, long factor,
                                            TransportFactory transports)
            throws org.dosewarden.pump.profile.DeviceProfileException {
        return create(configuration, profiles::load, journal, time, factor, transports);
    }

    /** Where {@link #create} gets a channel's device profile from, by id. */
    @FunctionalInterface
    interface ProfileSource {
        DeviceProfile load(String id) throws org.dosewarden.pump.profile.DeviceProfileException;
    }

    private static ChannelSupervisor create(ChannelConfiguration configuration, ProfileSource profiles,
                                            Journal journal, TimeSource time, long factor,
                                            TransportFactory transports)
            throws org.dosewarden.pump.profile.DeviceProfileException {
        ChannelSettings settings = configuration.toSettings();
        DeviceProfile profile = profiles.load(settings.profile());
        SyringeDiameter diameter;
        PumpCapability capability;
        if (settings.syringe() != null && !settings.syringe().isBlank()) {
            DeviceProfile.Syringe syringe = profile.requireSyringe(settings.syringe());
            diameter = syringe.diameter();
            capability = profile.capability(settings.syringe());
        } else {
            diameter = new SyringeDiameter(settings.diameterMm());
            capability = profile.capability(diameter, Volume.ofMillilitres(configuration.getSyringeVolumeMl()));
        }
        if (settings.watchdogSeconds() > 0 && !profile.watchdog().supported()) {
            throw new IllegalArgumentException("dosewarden.channels." + settings.name() + ".watchdog-seconds is "
                    + settings.watchdogSeconds() + " but profile " + profile.id() + " has no pump-side watchdog; set 0");
        }
        String port = settings.port();
        if (!configuration.isSimulatorPowerUpAlarm() && port.toLowerCase(Locale.ROOT).startsWith("sim:")) {
            // The simulator plugs in through the transport factory; this setting is one of its port options.
            port += (port.contains("?") ? "&" : "?") + "power-up-alarm=off";
        }
        PumpDriver driver = PumpDrivers.create(profile, Optional.of(port), Optional.of(settings.address()),
                Optional.empty(), time, transports);
        ProgramBuilder programs = new ProgramBuilder(capability, ChannelSupervisor.safetySettingsFor(settings));
        ChannelSupervisor supervisor = new ChannelSupervisor(settings, driver, journal, time, factor, programs, diameter);
        if (configuration.isSimulatedVitals()) {
            LOG.warn("channel {}: vitals come from a SIMULATED monitor (demo only)", settings.name());
            supervisor.addCycleObserver(new DemoVitalsMonitor(supervisor, time));
        }
        return supervisor;
    }

    @Override
    public List<ChannelHandle> channels() {
        return Collections.unmodifiableList(channels);
    }

    @Override
    public Optional<ChannelHandle> find(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** How the channels' ports became transports; tests reach the {@code sim:} pumps through its provider. */
    public TransportFactory transports() {
        return transports;
    }

    /** The running supervisors (for GPIO, MQTT and health wiring). */
    public List<ChannelSupervisor> supervisors() {
        return Collections.unmodifiableList(supervisors);
    }

    @Override
    public List<SessionSummary> sessionsOf(String patientId) {
        try {
            return journal.sessionsOfPatient(patientId, Instant.MIN, Instant.MAX).stream()
                    .map(SessionSummary::of).toList();
        } catch (JournalException e) {
            throw new IllegalStateException("course history cannot be read from the journal: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<SessionRecords> sessionRecords(String sessionId) {
        try {
            Optional<Session> session = journal.session(sessionId);
            if (session.isEmpty()) {
                return Optional.empty();
            }
            List<ChannelRecord> records = journal.recordsOfSession(sessionId).stream()
                    .map(r -> new ChannelRecord(r.sequence(), r.wallTime(), r.type(), r.payload())).toList();
            return Optional.of(new SessionRecords(SessionSummary.of(session.get()), records));
        } catch (JournalException e) {
            throw new IllegalStateException("session " + sessionId + " cannot be read from the journal: "
                    + e.getMessage(), e);
        }
    }

    @PreDestroy
    void stopAll() {
        for (ChannelSupervisor supervisor : supervisors) {
            supervisor.close();
        }
    }

    /** A channel that could not be set up: visible, refusing every intent with the reason. */
    static final class DisabledChannel implements ChannelHandle {
        private final ChannelSnapshot snapshot;

        DisabledChannel(ChannelConfiguration configuration, String reason, TimeSource time) {
            this.snapshot = SnapshotBuilder.disabled(configuration.getName(), reason,
                    String.valueOf(configuration.getProfile()), String.valueOf(configuration.getPort()), time.wallTime());
        }

        @Override
        public String name() {
            return snapshot.name();
        }

        @Override
        public ChannelSnapshot snapshot() {
            return snapshot;
        }

        @Override
        public Optional<PumpCapability> pumpCapability() {
            return Optional.empty();
        }

        @Override
        public CompletableFuture<IntentResult> submit(ClinicianIntent intent) {
            return CompletableFuture.completedFuture(IntentResult.Refused.of(IntentResult.RefusalKind.UNAVAILABLE,
                    "channel " + name() + " is disabled: " + snapshot.statusReason(), "IDLE"));
        }

        @Override
        public void addListener(ChannelListener listener) {
            // Never changes: its snapshot is the one it was set up with.
        }

        @Override
        public List<ChannelRecord> records(long afterSequence, int limit) {
            return List.of();
        }
    }
}
