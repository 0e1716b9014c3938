package org.dosewarden.pump.ultra;

import java.time.Duration;
import java.util.regex.Pattern;
import org.dosewarden.pump.line.LineTiming;
import org.dosewarden.pump.profile.DeviceProfile;

/**
 * How an {@link UltraDriver} talks to one pump. Normally built from a device profile ({@link #from}).
 *
 * @param address         pump address 0..99
 * @param replyTimeout    how long one attempt waits for a reply
 * @param retries         extra attempts after silence
 * @param garbledRetries  extra attempts after a damaged reply, or after an error reply that a garbled command may
 *                        have caused (line noise, SR-D7); an error repeated six times in a row is believed
 * @param backoffInitial  first wait before reconnecting after a lost link; doubles each failure
 * @param backoffMax      longest wait before reconnecting
 * @param identifyCommand the command that makes the pump say what it is ({@code ver})
 * @param identifyPattern what its answer must match, with groups {@code model} and {@code firmware}
 */
public record UltraDriverSettings(int address, Duration replyTimeout, int retries, int garbledRetries,
        Duration backoffInitial, Duration backoffMax, String identifyCommand, Pattern identifyPattern) {

    public UltraDriverSettings {
        LineTiming.check("Ultra", address, replyTimeout, retries, garbledRetries, backoffInitial, backoffMax);
        if (!identifyCommand.matches("[a-z]{1,12}")) {
            throw new IllegalArgumentException("identify command must be a lower-case word: '" + identifyCommand + "'");
        }
    }

    /**
     * The settings profile {@code profile} describes for pump {@code address}.
     *
     * @throws IllegalArgumentException when the address is outside the profile's range
     */
    public static UltraDriverSettings from(DeviceProfile profile, int address) {
        profile.requireAddress(address);
        DeviceProfile.Timing t = profile.timing();
        return new UltraDriverSettings(address, t.replyTimeout(), t.retries(), t.garbledRetries(), t.backoffInitial(),
                t.backoffMax(), profile.identifyCommand(), profile.identifyPattern());
    }

    /** Elite defaults: 300 ms reply timeout, 2 retries after silence, 12 after noise, {@code ver}. */
    public static UltraDriverSettings defaults(int address) {
        return new UltraDriverSettings(address, Duration.ofMillis(300), 2, 12, Duration.ofMillis(250),
                Duration.ofSeconds(5), "ver", Pattern.compile("^(?<model>.+) (?<firmware>\\d+\\.\\d+\\.\\d+)$"));
    }

    public UltraDriverSettings withReplyTimeout(Duration timeout) {
        return new UltraDriverSettings(address, timeout, retries, garbledRetries, backoffInitial, backoffMax,
                identifyCommand, identifyPattern);
    }
}
