package org.dosewarden.channel;

/**
 * A channel's link to its pump as displays and health checks see it (in {@link ChannelSnapshot#linkState()}).
 * The driver's own view, with its re-synchronising step, is {@link org.dosewarden.pump.LinkState}; this one adds
 * what only the channel knows: that contact was lost, or that the channel never ran.
 */
public enum ChannelLinkState {
    /** Not yet connected since the channel (or its restarted loop) began. */
    CONNECTING,
    /** The pump answered; it is being polled. */
    CONNECTED,
    /** No valid answer: the pump could not be reached, or stopped answering. */
    LOST,
    /** The channel could not be set up (invalid configuration, unknown profile): it never talks to a pump. */
    DISABLED
}
