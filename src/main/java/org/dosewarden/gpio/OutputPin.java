package org.dosewarden.gpio;

/** A claimed GPIO output pin. */
interface OutputPin {

    /** BCM number. */
    int bcm();

    /** Drives the pin to {@code level}. */
    void drive(Level level);

    /** The level the pin is driven to, as the provider reports it. */
    Level level();
}
