package org.dosewarden.gpio;

import java.util.Set;

/**
 * Port: the channels that are in the FAULT state (the pump cannot be trusted). When
 * {@code dosewarden.gpio.relay.de-energise-on-fault} is true, any faulted channel de-energises the pump power
 * relay until it leaves FAULT.
 *
 * <p>Read on the GPIO poll thread every poll: must be cheap and non-blocking. An exception is treated as "a
 * channel is faulted" (fail closed) when de-energise-on-fault is on.
 */
@FunctionalInterface
public interface ChannelFaultSource {

    /** Ids of the channels now in FAULT; empty when none. */
    Set<String> faultedChannels();
}
