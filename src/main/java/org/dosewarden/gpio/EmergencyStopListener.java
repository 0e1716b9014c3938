package org.dosewarden.gpio;

import org.dosewarden.safety.Moment;

/**
 * Port: where the debounced bedside emergency stop is reported. The integrator posts an emergency-stop event into
 * every channel's core, which stops delivery and latches a high-priority alarm until a clinician resets it.
 *
 * <p>Called on the GPIO poll thread; implementations must only post events (no blocking, no I/O). A broken wire
 * is reported exactly like a press: the two cannot be told apart on a single normally-closed contact, and both
 * must stop delivery.
 */
public interface EmergencyStopListener {

    /**
     * The emergency stop went to "pressed" (or the wire broke, or the pin could not be read) and held for the
     * debounce time; also reported once at start when the button is found pressed.
     *
     * @param at when the debounced decision was made (wall and monotonic time from the shell's {@code TimeSource}),
     *           ready for the core's {@code Event.EmergencyStopPressed}
     */
    void emergencyStopPressed(Moment at);

    /**
     * The emergency stop went back to "released" and held for the debounce time. Not a reset: channels and the
     * power relay stay latched until a clinician resets them.
     *
     * @param at when the debounced decision was made, ready for the core's {@code Event.EmergencyStopReleased}
     */
    void emergencyStopReleased(Moment at);
}
