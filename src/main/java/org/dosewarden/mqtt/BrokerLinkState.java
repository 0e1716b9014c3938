package org.dosewarden.mqtt;

/**
 * The MQTT link's state machine: {@code NEW -> CONNECTING -> CONNECTED <-> DISCONNECTED -> CLOSED}.
 * {@code DISCONNECTED} means "waiting to retry"; delivery and local alarms do not depend on any of these
 * (SR-D4).
 */
public enum BrokerLinkState { NEW, CONNECTING, CONNECTED, DISCONNECTED, CLOSED }
