package org.dosewarden.mqtt;

import java.util.Objects;
import java.util.Set;

/**
 * The topic names of one dosewarden device: everything it publishes lives under {@code root}, e.g.
 * {@code dosewarden/clinic-north/dw1}. Names are checked once here so a bad site, device or channel name
 * fails at startup with a clear message instead of producing a topic a dashboard can never match.
 *
 * @param root topic root without a trailing slash; no wildcards, no empty levels
 */
public record TopicTree(String root) {

    /** The default root template (issue 7); {@code {site}} and {@code {device}} are substituted. */
    public static final String DEFAULT_ROOT_TEMPLATE = "dosewarden/{site}/{device}";

    /** Level names under the root that belong to the device, so no channel may take them. */
    private static final Set<String> RESERVED = Set.of("availability", "connection", "events", "health");

    public TopicTree {
        Objects.requireNonNull(root, "root");
        checkTopicName("topic root", root);
    }

    /** The tree for {@code template} (e.g. {@link #DEFAULT_ROOT_TEMPLATE}) with site and device filled in. */
    public static TopicTree of(String template, String site, String device) {
        checkLevel("dosewarden.site", site);
        checkLevel("dosewarden.device-id", device);
        return new TopicTree(template.replace("{site}", site).replace("{device}", device));
    }

    /** Retained {@code online}/{@code offline}; the Last Will sets {@code offline}. */
    public String availability() {
        return root + "/availability";
    }

    /** Retained device health document, republished every 30 s (SR-D6). */
    public String health() {
        return root + "/health";
    }

    /** Broker-connection reports: published once the broker is reachable again after an outage (SR-D4). */
    public String connection() {
        return root + "/connection";
    }

    /** Journal events that belong to no configured channel. */
    public String deviceEvents() {
        return root + "/events";
    }

    public String status(String channel) {
        return channelTopic(channel, "status");
    }

    public String alarms(String channel) {
        return channelTopic(channel, "alarms");
    }

    public String events(String channel) {
        return channelTopic(channel, "events");
    }

    /** Default vitals topic of a channel when the configuration names none. */
    public String vitals(String channel) {
        return channelTopic(channel, "vitals");
    }

    public String pauseRequest(String channel) {
        return channelTopic(channel, "pause/request");
    }

    public String pauseResponse(String channel) {
        return channelTopic(channel, "pause/response");
    }

    /** Filter matching everything this device publishes. */
    public String everything() {
        return root + "/#";
    }

    private String channelTopic(String channel, String leaf) {
        checkChannel(channel);
        return root + "/" + channel + "/" + leaf;
    }

    /** Rejects a channel name that cannot be one topic level or collides with a device-level topic. */
    public static void checkChannel(String channel) {
        checkLevel("channel name", channel);
        if (RESERVED.contains(channel)) {
            throw new IllegalArgumentException("channel name '" + channel + "' is reserved for a device topic; "
                    + "choose a name other than " + RESERVED);
        }
    }

    private static void checkLevel(String what, String level) {
        if (level == null || level.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (level.contains("/")) {
            throw new IllegalArgumentException(what + " '" + level + "' must be one topic level (no '/')");
        }
        checkTopicName(what, level);
    }

    /** A topic name to publish to: no wildcards, no empty level, no NUL, at most 65535 bytes (MQTT 3.1.1). */
    public static void checkTopicName(String what, String topic) {
        if (topic.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 || topic.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " '" + topic + "' must not contain '+', '#' or NUL");
        }
        if (topic.startsWith("/") || topic.endsWith("/") || topic.contains("//")) {
            throw new IllegalArgumentException(what + " '" + topic + "' must not have an empty level");
        }
        if (topic.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 65_535) {
            throw new IllegalArgumentException(what + " is longer than MQTT's limit of 65535 bytes");
        }
    }
}
