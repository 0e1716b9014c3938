package org.dosewarden.sim;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.dosewarden.clock.TimeSource;

/**
 * The simulated pumps of this process by name, so a channel configured with port {@code sim:NAME} finds the
 * pump a test or the demo set up. {@code sim:} alone means the pump named {@code default}.
 */
public final class SimulatorRegistry {

    private static final ConcurrentHashMap<String, SimulatedPump> PUMPS = new ConcurrentHashMap<>();

    private SimulatorRegistry() {
    }

    /** Registers {@code pump} under its name; fails when another pump already has that name. */
    public static SimulatedPump register(SimulatedPump pump) {
        SimulatedPump before = PUMPS.putIfAbsent(pump.name(), pump);
        if (before != null && before != pump) {
            throw new IllegalStateException("a simulated pump named '" + pump.name() + "' is already registered");
        }
        return pump;
    }

    /** Removes {@code pump} if it is the one registered under its name. */
    public static void unregister(SimulatedPump pump) {
        PUMPS.remove(pump.name(), pump);
    }

    public static Optional<SimulatedPump> find(String name) {
        return Optional.ofNullable(PUMPS.get(name));
    }

    /** The pump registered as {@code name}, or a new factory-fresh one on {@code time} registered under it. */
    public static SimulatedPump obtain(String name, TimeSource time) {
        return PUMPS.computeIfAbsent(name, n -> SimulatedPump.builder(time).name(n).build());
    }

    /**
     * The simulator name in a {@code sim:} URI: {@code sim:} gives {@code default}, {@code sim:ward-3} gives
     * {@code ward-3}.
     *
     * @throws IllegalArgumentException naming the expected form otherwise
     */
    public static String nameOf(String uri) {
        if (!uri.startsWith("sim:")) {
            throw new IllegalArgumentException("not a simulator port: '" + uri + "' (expected sim: or sim:NAME)");
        }
        String name = uri.substring(4);
        if (name.startsWith("//")) {
            name = name.substring(2);
        }
        if (name.isEmpty()) {
            return "default";
        }
        if (!name.matches("[A-Za-z0-9_.-]{1,40}")) {
            throw new IllegalArgumentException("simulator name in '" + uri + "' must be 1-40 of [A-Za-z0-9_.-]");
        }
        return name;
    }
}
