package org.dosewarden.pump.wiring;

import java.util.Optional;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.PumpDriver;
import org.dosewarden.pump.Transport;
import org.dosewarden.pump.newera.NeDriver;
import org.dosewarden.pump.newera.NeDriverSettings;
import org.dosewarden.pump.profile.DeviceProfile;
import org.dosewarden.pump.ultra.UltraDriver;
import org.dosewarden.pump.ultra.UltraDriverSettings;

/** Builds the driver a device profile calls for, on the transport a port string names. */
public final class PumpDrivers {

    private PumpDrivers() {}

    /**
     * An unconnected driver for one pump. Call {@link PumpDriver#connect()} (or any operation) to open the link.
     *
     * @param profile    validated device profile
     * @param port       device path, {@code tcp://host:port}, or a registered scheme such as {@code sim:}; empty
     *                   means the profile's {@code defaultPort}
     * @param address    pump address; empty means the profile's default
     * @param baud       baud rate override; must be one the profile allows
     * @param time       clock for deadlines and alarm timestamps
     * @param transports how port strings become transports (carries the {@code sim:} hook)
     * @throws IllegalArgumentException naming what is wrong with port, address or baud
     */
    public static PumpDriver create(DeviceProfile profile, Optional<String> port, Optional<Integer> address,
            Optional<Integer> baud, TimeSource time, TransportFactory transports) {
        String resolvedPort = port.or(profile::defaultPort).orElseThrow(() -> new IllegalArgumentException(
                "no port given and profile " + profile.id() + " has no defaultPort"));
        if (resolvedPort.startsWith("tcp://") && !profile.tcpAllowed()) {
            throw new IllegalArgumentException("profile " + profile.id() + " does not allow TCP transports: " + resolvedPort);
        }
        int resolvedAddress = profile.requireAddress(address.orElse(profile.addresses().defaultAddress()));
        Transport transport = transports.create(resolvedPort, profile.serialSettings(baud), time);
        return switch (profile.family()) {
            case "newera" -> new NeDriver(transport, time, NeDriverSettings.from(profile, resolvedAddress));
            case "ultra" -> new UltraDriver(transport, time, UltraDriverSettings.from(profile, resolvedAddress));
            default -> throw new IllegalArgumentException("profile " + profile.id() + " names unknown protocol family '"
                    + profile.family() + "'");
        };
    }
}
