package org.dosewarden.pump.profile;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.SyringeDiameter;

/**
 * A validated device profile: the data that describes one pump model (docs/device-profiles.md). Only
 * {@link DeviceProfiles} creates these, after schema and consistency checks (the family's own checks through
 * {@link FamilyRules}). The profile is family-neutral data; each family's driver package turns it into its own
 * settings (e.g. {@code NeDriverSettings.from}).
 *
 * @param id              unique id, referenced by channel configuration and {@code dosewarden pump --profile}
 * @param family          protocol family; selects the driver code ({@code newera}, {@code ultra})
 * @param vendor          maker
 * @param models          model names covered
 * @param clinicalUse     whether the maker permits clinical use on humans
 * @param verification    provenance level: manual, library, simulated or hardware-tested
 * @param defaultPort     port used when none is given (the simulator profile: {@code sim:}), if any
 * @param identifyCommand the command that makes the pump say what it is ({@code VER}, {@code ver})
 * @param identifyPattern regex with groups {@code model} and {@code firmware} that the identify answer must match
 * @param serial          default line settings
 * @param allowedBaudRates baud rates the pump supports
 * @param tcpAllowed      whether a serial-device server ({@code tcp://}) may carry it
 * @param timing          reply timeout, retries, reconnect backoff
 * @param addresses       valid pump addresses and the default
 * @param framings        the framings the family speaks, the one tried first on connect, checksum test vectors
 * @param watchdog        the pump-side communications watchdog, if any
 * @param unsolicitedAlarms whether the pump may send alarms on its own
 * @param diameterRange   syringe inside diameters the firmware accepts, mm
 * @param plunger         plunger speed range (rate limits derive from it and the diameter)
 * @param syringes        syringe table
 * @param source          where the profile was loaded from, for messages
 */
public record DeviceProfile(String id, String family, String vendor, List<String> models, boolean clinicalUse,
        String verification, Optional<String> defaultPort, String identifyCommand, Pattern identifyPattern,
        SerialSettings serial, List<Integer> allowedBaudRates, boolean tcpAllowed, Timing timing, Addresses addresses,
        Framings framings, Watchdog watchdog, boolean unsolicitedAlarms, DiameterRange diameterRange,
        PlungerSpeed plunger, List<Syringe> syringes, String source) {

    /**
     * Reply timeout and the retry budgets, and reconnect backoff.
     *
     * @param replyTimeout   how long one attempt waits for a reply
     * @param retries        extra attempts after silence (no valid reply within the timeout)
     * @param garbledRetries extra attempts after a damaged reply (line noise, SR-D7): a damaged reply proves the
     *                       line is alive, so it is retried more often than silence
     * @param backoffInitial first wait before reconnecting after a lost link; doubles up to {@code backoffMax}
     * @param backoffMax     longest wait before reconnecting
     */
    public record Timing(Duration replyTimeout, int retries, int garbledRetries, Duration backoffInitial,
            Duration backoffMax) {}

    /**
     * The framings a pump speaks (New Era: {@code basic}, {@code safe}; Ultra: {@code prompt}).
     *
     * @param defaultFraming the one tried first on connect
     * @param supported      every framing the pump may answer in
     * @param testVectors    checksum test vectors (payload, whole frame in hex) the family's code must reproduce
     */
    public record Framings(String defaultFraming, List<String> supported, List<TestVector> testVectors) {
        public Framings {
            supported = List.copyOf(supported);
            testVectors = List.copyOf(testVectors);
        }
    }

    /** A payload and the frame the family's code must make of it, in hex. */
    public record TestVector(String payload, String frameHex) {}

    /** Valid pump addresses {@code [min, max]} and the default one. */
    public record Addresses(int min, int max, int defaultAddress) {
        public boolean contains(int address) {
            return address >= min && address <= max;
        }
    }

    /** The pump-side communications watchdog; unsupported when {@code supported} is false. */
    public record Watchdog(boolean supported, int minSeconds, int maxSeconds, BigDecimal heartbeatFraction) {}

    /** Accepted inside diameters, mm. */
    public record DiameterRange(BigDecimal minMm, BigDecimal maxMm) {
        public boolean contains(SyringeDiameter d) {
            return d.millimetres().compareTo(minMm) >= 0 && d.millimetres().compareTo(maxMm) <= 0;
        }
    }

    /** Plunger speed range: slowest in cm/h, fastest in cm/min (as pump manuals state them). */
    public record PlungerSpeed(BigDecimal minCmPerHour, BigDecimal maxCmPerMinute) {}

    /** One syringe of the table. */
    public record Syringe(String id, String maker, Volume volume, SyringeDiameter diameter) {}

    /** The syringe with this id. */
    public Optional<Syringe> syringe(String syringeId) {
        return syringes.stream().filter(s -> s.id().equals(syringeId)).findFirst();
    }

    /** The syringe with this id, or an exception listing the known ids. */
    public Syringe requireSyringe(String syringeId) {
        return syringe(syringeId).orElseThrow(() -> new IllegalArgumentException("profile " + id + " has no syringe '"
                + syringeId + "'; known: " + String.join(", ", syringes.stream().map(Syringe::id).toList())));
    }

    /** Planner capability with a syringe from the table (rate limits from its diameter, max VTBI its volume). */
    public PumpCapability capability(String syringeId) {
        Syringe s = requireSyringe(syringeId);
        return capability(s.diameter(), s.volume());
    }

    /**
     * Planner capability for any syringe given by inside diameter and nominal volume.
     *
     * @throws IllegalArgumentException when the diameter is outside {@link #diameterRange()}
     */
    public PumpCapability capability(SyringeDiameter diameter, Volume syringeVolume) {
        requireDiameter(diameter);
        return SyringeCapability.of(diameter, plunger.minCmPerHour(), plunger.maxCmPerMinute(), syringeVolume);
    }

    /** Throws naming the accepted range when {@code diameter} is outside it. */
    public void requireDiameter(SyringeDiameter diameter) {
        if (!diameterRange.contains(diameter)) {
            throw new IllegalArgumentException("syringe diameter " + diameter + " is outside " + diameterRange.minMm()
                    .stripTrailingZeros().toPlainString() + ".." + diameterRange.maxMm().stripTrailingZeros().toPlainString()
                    + " mm accepted by profile " + id);
        }
    }

    /**
     * Checks a pump address against the profile's range.
     *
     * @return {@code address}
     * @throws IllegalArgumentException when the address is outside the profile's range
     */
    public int requireAddress(int address) {
        if (!addresses.contains(address)) {
            throw new IllegalArgumentException("pump address " + address + " is outside " + addresses.min() + ".."
                    + addresses.max() + " for profile " + id);
        }
        return address;
    }

    /**
     * Line settings, optionally with another baud rate.
     *
     * @throws IllegalArgumentException when the baud rate is not one the pump supports
     */
    public SerialSettings serialSettings(Optional<Integer> baudOverride) {
        if (baudOverride.isEmpty()) {
            return serial;
        }
        int baud = baudOverride.get();
        if (!allowedBaudRates.contains(baud)) {
            throw new IllegalArgumentException("baud rate " + baud + " is not supported by profile " + id + "; allowed: "
                    + allowedBaudRates);
        }
        return serial.withBaudRate(baud);
    }
}
