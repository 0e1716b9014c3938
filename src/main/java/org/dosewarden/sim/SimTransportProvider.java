package org.dosewarden.sim;

import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.Transport;
import org.dosewarden.pump.TransportProvider;

/**
 * Makes {@code sim:} and {@code sim:NAME} ports work in {@link org.dosewarden.pump.TransportFactory}
 * (registered through {@code META-INF/services}). Serial settings do not apply to an in-process line and are
 * ignored; see {@link SimTransport#forUri} for how the simulator is found or created.
 */
public final class SimTransportProvider implements TransportProvider {

    @Override
    public String scheme() {
        return "sim";
    }

    @Override
    public Transport create(String port, SerialSettings settings, TimeSource time) {
        return SimTransport.forUri(port, time);
    }
}
