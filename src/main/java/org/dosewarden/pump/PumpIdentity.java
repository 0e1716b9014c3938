package org.dosewarden.pump;

/**
 * What the pump says it is.
 *
 * @param model    e.g. {@code NE1000}
 * @param firmware e.g. {@code 3.928}
 */
public record PumpIdentity(String model, String firmware) {}
