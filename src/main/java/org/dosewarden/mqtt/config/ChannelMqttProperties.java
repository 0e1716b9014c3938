package org.dosewarden.mqtt.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * The MQTT part of {@code dosewarden.channels.<name>.*}: the bed label dashboards show and the topic the
 * channel's vitals arrive on (default {@code <topic-root>/<name>/vitals}). Other layers read their own
 * keys of the same channel.
 */
@EachProperty("dosewarden.channels")
public class ChannelMqttProperties {

    private final String name;
    private String bed;
    private String vitalsTopic;

    public ChannelMqttProperties(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    /** Bed label; defaults to the channel name. No patient identifiers here: it is published. */
    public String getBed() {
        return bed;
    }

    public void setBed(String bed) {
        this.bed = bed;
    }

    public String getVitalsTopic() {
        return vitalsTopic;
    }

    public void setVitalsTopic(String vitalsTopic) {
        this.vitalsTopic = vitalsTopic;
    }
}
