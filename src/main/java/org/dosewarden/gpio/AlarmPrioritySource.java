package org.dosewarden.gpio;

/**
 * Port: the highest active alarm priority across all channels, for the beacon and the buzzer. The integrator
 * maps the safety core's alarm priorities onto {@link AlarmSignalPriority}.
 *
 * <p>Read on the GPIO poll thread every poll (default every 5 ms): must be cheap and non-blocking (read a
 * volatile snapshot). An exception is treated as {@link AlarmSignalPriority#HIGH}: a broken alarm source must
 * be loud.
 */
@FunctionalInterface
public interface AlarmPrioritySource {

    /** The highest priority among all active (latched or present) alarms; {@link AlarmSignalPriority#NONE} if none. */
    AlarmSignalPriority highestActive();
}
