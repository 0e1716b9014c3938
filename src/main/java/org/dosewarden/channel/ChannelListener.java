package org.dosewarden.channel;

/**
 * Told about every new snapshot of a channel (MQTT status, GPIO beacon, metrics). Called on the channel
 * thread: implementations must hand the value off and return at once, never block, never throw.
 */
@FunctionalInterface
public interface ChannelListener {

    void snapshotChanged(ChannelSnapshot snapshot);
}
