package org.dosewarden.pump.wiring;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.Transport;
import org.dosewarden.pump.TransportProvider;
import org.dosewarden.pump.link.SerialTransport;
import org.dosewarden.pump.link.TcpTransport;

/**
 * The wiring of transports (kept out of the port package, which knows no implementation): turns a port string
 * into an unopened {@link Transport}:
 * <ul>
 *   <li>{@code tcp://host:port}: a serial-device server (or a simulator on a TCP port);</li>
 *   <li>{@code <scheme>:...} for a registered {@link TransportProvider}, e.g. {@code sim:} for the in-process
 *       simulator;</li>
 *   <li>anything else: a serial device path ({@code /dev/ttyUSB0}, a socat pty link), opened with jSerialComm
 *       and re-resolved on every open.</li>
 * </ul>
 * Thread-safe; registration normally happens once at startup.
 */
public final class TransportFactory {

    private final Map<String, TransportProvider> providers = new TreeMap<>();

    private TransportFactory() {}

    /** Serial and TCP, plus every provider found by {@link ServiceLoader} on the class path. */
    public static TransportFactory standard() {
        TransportFactory f = new TransportFactory();
        for (TransportProvider p : ServiceLoader.load(TransportProvider.class)) {
            f.register(p);
        }
        return f;
    }

    /** Serial and TCP only. */
    public static TransportFactory serialAndTcp() {
        return new TransportFactory();
    }

    /** Adds (or replaces) the provider of a scheme. {@code tcp} cannot be replaced. */
    public synchronized TransportFactory register(TransportProvider provider) {
        String scheme = provider.scheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("tcp") || !scheme.matches("[a-z][a-z0-9+.-]*")) {
            throw new IllegalArgumentException("cannot register transport scheme '" + provider.scheme() + "'");
        }
        providers.put(scheme, provider);
        return this;
    }

    /** The provider registered for {@code scheme}, e.g. the simulator's for {@code sim} (tests reach its pumps). */
    public synchronized Optional<TransportProvider> provider(String scheme) {
        return Optional.ofNullable(providers.get(scheme.toLowerCase(Locale.ROOT)));
    }

    public synchronized boolean supportsScheme(String scheme) {
        return scheme.equals("tcp") || providers.containsKey(scheme.toLowerCase(Locale.ROOT));
    }

    /**
     * A new unopened transport for {@code port}.
     *
     * @throws IllegalArgumentException naming the port and what is wrong (empty, bad TCP address, unknown scheme)
     */
    public synchronized Transport create(String port, SerialSettings settings, TimeSource time) {
        if (port.isBlank()) {
            throw new IllegalArgumentException("port is empty: give a device path, tcp://host:port or a scheme such as sim:");
        }
        if (port.startsWith("tcp://")) {
            return TcpTransport.parse(port, time);
        }
        int colon = port.indexOf(':');
        if (colon > 0 && !port.startsWith("/") && !port.startsWith(".") && !port.startsWith("~")) {
            String scheme = port.substring(0, colon).toLowerCase(Locale.ROOT);
            TransportProvider p = providers.get(scheme);
            if (p != null) {
                return p.create(port, settings, time);
            }
            if (scheme.matches("[a-z][a-z0-9+.-]*")) {
                throw new IllegalArgumentException("unknown port scheme '" + scheme + ":' in '" + port + "'; known: tcp"
                        + (providers.isEmpty() ? "" : ", " + String.join(", ", providers.keySet()))
                        + ", or a serial device path");
            }
        }
        return new SerialTransport(port, settings, time);
    }
}
