package org.dosewarden.mqtt;

import java.util.Objects;

/**
 * One pump channel as the MQTT link knows it.
 *
 * @param name        channel name, one topic level ({@code dosewarden.channels.<name>})
 * @param bed         bed label shown on dashboards ({@code dosewarden.channels.<name>.bed})
 * @param vitalsTopic topic the channel's vitals arrive on ({@code .vitals-topic}); no wildcards
 */
public record ChannelEndpoint(String name, String bed, String vitalsTopic) {

    public ChannelEndpoint {
        TopicTree.checkChannel(name);
        Objects.requireNonNull(bed, "bed");
        Objects.requireNonNull(vitalsTopic, "vitalsTopic");
        TopicTree.checkTopicName("vitals topic of channel " + name, vitalsTopic);
    }
}
