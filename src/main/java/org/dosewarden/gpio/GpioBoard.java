package org.dosewarden.gpio;

/** The GPIO pins of one board through one provider. Closing releases every pin it claimed. */
interface GpioBoard extends AutoCloseable {

    /** Provider name for status displays ("mock", "gpiod"). */
    String provider();

    /** Claims {@code bcm} as an input with the given bias. */
    InputPin input(String id, int bcm, Pull pull);

    /**
     * Claims {@code bcm} as an output, driven to {@code initial} at once and to {@code onRelease} when the board is
     * closed.
     */
    OutputPin output(String id, int bcm, Level initial, Level onRelease);

    @Override
    void close();
}
