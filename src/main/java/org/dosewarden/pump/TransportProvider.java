package org.dosewarden.pump;

import org.dosewarden.clock.TimeSource;

/**
 * Makes transports for one kind of port string, named by its scheme: {@code sim} serves {@code sim:}
 * and {@code sim:<name>}. Registered with {@code org.dosewarden.pump.wiring.TransportFactory#register} or found
 * through {@link java.util.ServiceLoader} ({@code META-INF/services/org.dosewarden.pump.TransportProvider}), so
 * that {@code pump} need not know the packages that provide them (the simulator plugs in this way).
 */
public interface TransportProvider {

    /** The scheme before the colon, lower-case, e.g. {@code sim}. */
    String scheme();

    /**
     * A new, unopened transport for {@code port} (the whole port string, scheme included).
     *
     * @throws IllegalArgumentException when the rest of the port string is invalid, naming what is wrong
     */
    Transport create(String port, SerialSettings settings, TimeSource time);
}
