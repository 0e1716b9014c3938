package org.dosewarden.sim;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.Transport;
import org.dosewarden.pump.TransportProvider;

/**
 * Makes {@code sim:} ports work in a transport factory (registered through {@code META-INF/services}), and owns the
 * simulated pumps those ports reach: {@code sim:NAME} is the pump named {@code NAME} of this provider, created on
 * first use with factory settings on the channel's time source ({@code sim:} alone is {@code default}). Nothing is
 * static: each transport factory (a daemon, a test) has its own pumps, and whoever holds the factory reaches them
 * with {@link #find} to inject faults.
 *
 * <p>Options after a {@code ?} apply when the pump is created: {@code sim:bed-4?power-up-alarm=off} starts it
 * without the power-up alarm a real pump latches; {@code family=ultra} makes it an Ultra-family pump
 * ({@link SimulatedUltraPump}) instead of a New Era NE-1000 ({@code family=newera}, the default). Serial settings do not apply to an in-process line and are
 * ignored. Thread-safe.
 */
public final class SimTransportProvider implements TransportProvider {

    private final ConcurrentHashMap<String, SimulatedDevice> pumps = new ConcurrentHashMap<>();

    @Override
    public String scheme() {
        return "sim";
    }

    /**
     * A transport to the pump a {@code sim:} URI names, created on {@code time} if this provider has none of that
     * name yet.
     *
     * @throws IllegalArgumentException when the URI or an option is invalid, or the pump of that name runs on
     *                                  another time source than {@code time} (deadlines would not compare)
     */
    @Override
    public Transport create(String port, SerialSettings settings, TimeSource time) {
        SimPort parsed = SimPort.parse(port);
        SimulatedDevice pump = pumps.computeIfAbsent(parsed.name(), n -> parsed.build(time));
        if (!pump.family().equals(parsed.family())) {
            throw new IllegalArgumentException(port + ": the simulated pump '" + parsed.name() + "' speaks the "
                    + pump.family() + " family, not " + parsed.family());
        }
        if (pump.time() != time) {
            throw new IllegalArgumentException(port + ": the simulated pump runs on another TimeSource than the channel;"
                    + " deadlines would not compare");
        }
        return new SimTransport(pump);
    }

    /** Adds a pump built elsewhere (a test's), reached as {@code sim:<its name>}; fails when the name is taken. */
    public <T extends SimulatedDevice> T register(T pump) {
        SimulatedDevice before = pumps.putIfAbsent(pump.name(), pump);
        if (before != null && before != pump) {
            throw new IllegalStateException("a simulated pump named '" + pump.name() + "' is already registered");
        }
        return pump;
    }

    /** The simulated New Era pump of this name, if a port reached it or it was registered. */
    public Optional<SimulatedPump> find(String name) {
        return findDevice(name).filter(SimulatedPump.class::isInstance).map(SimulatedPump.class::cast);
    }

    /** The simulated pump of this name, whatever its family. */
    public Optional<SimulatedDevice> findDevice(String name) {
        return Optional.ofNullable(pumps.get(name));
    }

    /**
     * A parsed {@code sim:} port: {@code sim:[//]NAME[?option=value&...]}.
     *
     * @param name         simulator name, {@code default} for a bare {@code sim:}
     * @param powerUpAlarm whether a New Era pump created for it latches the power-up alarm (default yes, as a real one)
     * @param family       {@code newera} (default) or {@code ultra}
     */
    record SimPort(String name, boolean powerUpAlarm, String family) {

        static SimPort parse(String uri) {
            if (!uri.toLowerCase(Locale.ROOT).startsWith("sim:")) {
                throw new IllegalArgumentException("not a simulator port: '" + uri + "' (expected sim: or sim:NAME)");
            }
            String rest = uri.substring(4);
            String query = "";
            int q = rest.indexOf('?');
            if (q >= 0) {
                query = rest.substring(q + 1);
                rest = rest.substring(0, q);
            }
            if (rest.startsWith("//")) {
                rest = rest.substring(2);
            }
            String name = rest.isEmpty() ? "default" : rest;
            if (!name.matches("[A-Za-z0-9_.-]{1,40}")) {
                throw new IllegalArgumentException("simulator name in '" + uri + "' must be 1-40 of [A-Za-z0-9_.-]");
            }
            Map<String, String> options = options(uri, query);
            boolean alarm = true;
            String family = "newera";
            for (Map.Entry<String, String> o : options.entrySet()) {
                switch (o.getKey()) {
                    case "power-up-alarm" -> alarm = onOff(uri, o.getKey(), o.getValue());
                    case "family" -> {
                        if (!o.getValue().equals("newera") && !o.getValue().equals("ultra")) {
                            throw new IllegalArgumentException("simulator option family in '" + uri
                                    + "' must be newera or ultra, was '" + o.getValue() + "'");
                        }
                        family = o.getValue();
                    }
                    default -> throw new IllegalArgumentException("unknown simulator option '" + o.getKey() + "' in '"
                            + uri + "'; known: power-up-alarm, family");
                }
            }
            return new SimPort(name, alarm, family);
        }

        private static Map<String, String> options(String uri, String query) {
            Map<String, String> options = new TreeMap<>();
            if (query.isEmpty()) {
                return options;
            }
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq < 1 || options.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
                    throw new IllegalArgumentException("simulator options in '" + uri
                            + "' must be distinct name=value pairs joined by '&'");
                }
            }
            return options;
        }

        private static boolean onOff(String uri, String option, String value) {
            return switch (value) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new IllegalArgumentException("simulator option " + option + " in '" + uri
                        + "' must be on or off, was '" + value + "'");
            };
        }

        SimulatedDevice build(TimeSource time) {
            if (family.equals("ultra")) {
                return SimulatedUltraPump.builder(time).name(name).build();
            }
            return SimulatedPump.builder(time).name(name).powerUpAlarm(powerUpAlarm).build();
        }
    }
}
