package org.dosewarden.gpio;

import java.util.function.Consumer;

/** A claimed GPIO input pin. */
interface InputPin {

    /** BCM number. */
    int bcm();

    /**
     * The level now.
     *
     * @throws RuntimeException when the level cannot be read or is unknown; callers fall back to the input's safe
     *                          level
     */
    Level read();

    /** Calls {@code listener} on the provider's thread whenever the provider sees the level change. */
    void onChange(Consumer<Level> listener);
}
