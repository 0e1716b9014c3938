package org.dosewarden.gpio;

import java.util.List;
import org.dosewarden.gpio.AlarmSignals.BeaconLamps;

/**
 * The bedside beacon (a red and a yellow lamp) and buzzer, showing the highest active alarm priority with the
 * patterns of {@link AlarmSignals}. A pattern starts over whenever the priority changes, so a new high alarm begins
 * with its first flash and its first burst.
 *
 * <p>Not thread-safe: {@link BedsidePanel} calls it under its lock.
 */
final class BeaconAndBuzzer {

    private final OutputPin red;
    private final OutputPin yellow;
    private final OutputPin buzzer;
    private final Level lampOn;
    private final Level buzzerOn;

    private AlarmSignalPriority priority = AlarmSignalPriority.NONE;
    private long prioritySince;
    private BeaconLamps lamps = BeaconLamps.DARK;
    private boolean buzzing;

    private BeaconAndBuzzer(OutputPin red, OutputPin yellow, OutputPin buzzer, Level lampOn, Level buzzerOn) {
        this.red = red;
        this.yellow = yellow;
        this.buzzer = buzzer;
        this.lampOn = lampOn;
        this.buzzerOn = buzzerOn;
    }

    /** Claims the enabled outputs on {@code board}, each driven dark or silent at once. */
    static BeaconAndBuzzer claim(GpioBoard board, GpioSettings.BeaconSettings beacon,
            GpioSettings.OutputSettings buzzer) {
        Level lampOff = beacon.activeLevel().inverse();
        Level buzzerOff = buzzer.activeLevel().inverse();
        return new BeaconAndBuzzer(
                beacon.enabled() ? board.output("beacon-red", beacon.redPin(), lampOff, lampOff) : null,
                beacon.enabled() ? board.output("beacon-yellow", beacon.yellowPin(), lampOff, lampOff) : null,
                buzzer.enabled() ? board.output("buzzer", buzzer.pin(), buzzerOff, buzzerOff) : null,
                beacon.activeLevel(), buzzer.activeLevel());
    }

    /** Nothing fitted: the priority is still followed, for the status. */
    static BeaconAndBuzzer notFitted() {
        return new BeaconAndBuzzer(null, null, null, Level.HIGH, Level.HIGH);
    }

    /** Shows {@code highest} at monotonic time {@code nowNanos}. */
    void show(AlarmSignalPriority highest, long nowNanos) {
        if (highest != priority) {
            priority = highest;
            prioritySince = nowNanos;
        }
        long elapsed = nowNanos - prioritySince;
        lamps = AlarmSignals.beacon(priority, elapsed);
        buzzing = AlarmSignals.buzzer(priority, elapsed);
        if (red != null) {
            red.drive(lamps.red() ? lampOn : lampOn.inverse());
            yellow.drive(lamps.yellow() ? lampOn : lampOn.inverse());
        }
        if (buzzer != null) {
            buzzer.drive(buzzing ? buzzerOn : buzzerOn.inverse());
        }
    }

    /** Shutdown: lamps dark, buzzer silent; a pin that cannot be driven is added to {@code problems}. */
    void switchOff(List<RuntimeException> problems) {
        if (red != null) {
            BedsidePanel.quietly(() -> red.drive(lampOn.inverse()), problems);
            BedsidePanel.quietly(() -> yellow.drive(lampOn.inverse()), problems);
        }
        if (buzzer != null) {
            BedsidePanel.quietly(() -> buzzer.drive(buzzerOn.inverse()), problems);
        }
        lamps = BeaconLamps.DARK;
        buzzing = false;
    }

    GpioStatus.AlarmSignalStatus status() {
        return new GpioStatus.AlarmSignalStatus(priority, red != null, lamps.red(), lamps.yellow(), buzzer != null,
                buzzing);
    }
}
