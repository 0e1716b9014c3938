package org.dosewarden.gpio;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.util.Set;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.safety.Moment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micronaut wiring for GPIO. The ports are looked up lazily on every use, so the beans that implement them (the
 * channel layer) may themselves depend on {@link BedsidePanel} or {@link ChannelLiveness} without a cycle:
 * <ul>
 *   <li>every {@link EmergencyStopListener} bean is told about presses and releases;</li>
 *   <li>one {@link AlarmPrioritySource} bean, if any, drives beacon and buzzer (else only the emergency stop does);</li>
 *   <li>one {@link ChannelFaultSource} bean, if any, feeds the relay (else no channel is ever in FAULT);</li>
 *   <li>channel loops report to the {@link ChannelLiveness} bean defined here.</li>
 * </ul>
 * The clock is the {@link TimeSource} bean if there is one, else the system clock.
 */
@Factory
final class GpioFactory {

    private static final Logger LOG = LoggerFactory.getLogger(GpioFactory.class);

    private final TimeSource time;

    GpioFactory(BeanProvider<TimeSource> timeSource) {
        this.time = timeSource.find(null).orElseGet(TimeSource::system);
    }

    @Singleton
    ChannelLiveness channelLiveness() {
        return new ChannelLiveness(time);
    }

    @Singleton
    @Bean(preDestroy = "close")
    BedsidePanel bedsidePanel(Environment environment, ChannelLiveness liveness,
            BeanProvider<EmergencyStopListener> listeners, BeanProvider<AlarmPrioritySource> alarms,
            BeanProvider<ChannelFaultSource> faults) {
        GpioSettings settings;
        try {
            settings = GpioSettings.read(key -> environment.getProperty(GpioSettings.PREFIX + key, String.class));
        } catch (GpioSettings.InvalidGpioConfiguration e) {
            LOG.error("{}; GPIO stays off: the pump power relay is not energised and the heartbeat does not toggle",
                    e.getMessage());
            return BedsidePanel.unavailable(e.getMessage(), time);
        }
        if (!settings.enabled()) {
            return BedsidePanel.disabled(settings, time);
        }
        Pi4jBoard.Provider provider = providerFor(settings.provider(), environment.getActiveNames());
        BedsidePanel.Ports ports = new BedsidePanel.Ports(
                new EmergencyStopListener() {
                    @Override
                    public void emergencyStopPressed(Moment at) {
                        if (!listeners.isPresent()) {
                            BedsidePanel.Ports.unconnected().emergencyStop().emergencyStopPressed(at);
                        }
                        listeners.stream().forEach(l -> l.emergencyStopPressed(at));
                    }

                    @Override
                    public void emergencyStopReleased(Moment at) {
                        listeners.stream().forEach(l -> l.emergencyStopReleased(at));
                    }
                },
                () -> alarms.find(null).map(AlarmPrioritySource::highestActive).orElse(AlarmSignalPriority.NONE),
                liveness,
                () -> faults.find(null).map(ChannelFaultSource::faultedChannels).orElse(Set.of()));
        try {
            BedsidePanel panel = BedsidePanel.open(settings, Pi4jBoard.open(provider, settings.gpiodChip()), time,
                    ports);
            LOG.info("GPIO running on the {} provider", panel.status().provider());
            return panel;
        } catch (RuntimeException e) {
            String problem = "GPIO could not claim its pins through the " + provider.configName() + " provider: " + e;
            LOG.error("{}; GPIO stays off: the pump power relay is not energised", problem, e);
            return BedsidePanel.unavailable(problem, time);
        }
    }

    /** Starts polling with the context (eager), stops before the panel closes. */
    @Context
    @Bean(preDestroy = "close")
    GpioLoop gpioLoop(BedsidePanel panel) {
        GpioLoop loop = new GpioLoop(panel, panel.settings().pollInterval());
        loop.start();
        return loop;
    }

    /**
     * The provider for {@code dosewarden.gpio.provider}: {@code auto} means gpiod when the {@code pi} Micronaut
     * environment is active, else the mock.
     */
    static Pi4jBoard.Provider providerFor(String configured, Set<String> activeEnvironments) {
        return switch (configured) {
            case "mock" -> Pi4jBoard.Provider.MOCK;
            case "gpiod" -> Pi4jBoard.Provider.GPIOD;
            case "auto" -> activeEnvironments.contains("pi") ? Pi4jBoard.Provider.GPIOD : Pi4jBoard.Provider.MOCK;
            default -> throw new IllegalArgumentException("unknown GPIO provider '" + configured
                    + "' (auto, mock or gpiod)");
        };
    }
}
