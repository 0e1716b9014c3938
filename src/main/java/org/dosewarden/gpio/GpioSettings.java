package org.dosewarden.gpio;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validated GPIO configuration (keys under {@code dosewarden.gpio}, see docs/gpio.md). Everything is off unless
 * enabled. {@link #read} collects every problem at once and names the key, the value and the limit.
 *
 * @param enabled         master switch; when false no pin is touched
 * @param provider        {@code auto} (gpiod when the {@code pi} environment is active, else mock), {@code mock}
 *                        or {@code gpiod}
 * @param gpiodChip       gpiod chip name, or null for Pi4J's default for the board
 * @param pollInterval    GPIO poll period (debounce, beacon, buzzer, heartbeat resolution), 1-50 ms
 * @param emergencyStop   the emergency-stop input
 * @param confirmButton   the bedside confirm button
 * @param relay           the pump power relay
 * @param beacon          the alarm beacon
 * @param buzzer          the alarm buzzer
 * @param heartbeat       the hardware-watchdog heartbeat
 */
public record GpioSettings(
        boolean enabled,
        String provider,
        String gpiodChip,
        Duration pollInterval,
        InputSettings emergencyStop,
        ConfirmButtonSettings confirmButton,
        RelaySettings relay,
        BeaconSettings beacon,
        OutputSettings buzzer,
        HeartbeatSettings heartbeat) {

    public static final String PREFIX = "dosewarden.gpio.";

    static final Duration MAX_EMERGENCY_STOP_DEBOUNCE = Duration.ofMillis(100);
    static final Duration MAX_BUTTON_DEBOUNCE = Duration.ofMillis(200);
    static final Duration MIN_POLL = Duration.ofMillis(1);
    static final Duration MAX_POLL = Duration.ofMillis(50);
    static final Duration MIN_CONFIRM_TIMEOUT = Duration.ofSeconds(1);
    static final Duration MAX_CONFIRM_TIMEOUT = Duration.ofMinutes(5);
    static final Duration MIN_HEARTBEAT_TOGGLE = Duration.ofMillis(10);
    static final Duration MAX_HEARTBEAT_TOGGLE = Duration.ofSeconds(5);
    static final int MAX_BCM = 27;

    /** A debounced input. */
    public record InputSettings(boolean enabled, int pin, Level pressedLevel, Pull pull, Duration debounce) {
    }

    /** The confirm button: an input plus how long a request waits for a press. */
    public record ConfirmButtonSettings(InputSettings input, Duration timeout) {
        public boolean enabled() {
            return input.enabled();
        }
    }

    /** A plain output; {@code activeLevel} is the level that switches the device on. */
    public record OutputSettings(boolean enabled, int pin, Level activeLevel) {
    }

    /** The power relay; {@code activeLevel} energises it. */
    public record RelaySettings(OutputSettings output, boolean deEnergiseOnFault) {
        public boolean enabled() {
            return output.enabled();
        }
    }

    /** A two-lamp beacon (red and yellow) with one active level for both. */
    public record BeaconSettings(boolean enabled, int redPin, int yellowPin, Level activeLevel) {
    }

    /** The watchdog heartbeat: toggled every {@code toggleInterval} while all channel loops are alive. */
    public record HeartbeatSettings(boolean enabled, int pin, Duration toggleInterval) {
    }

    /** Configuration that cannot be used; the message lists every problem. */
    public static final class InvalidGpioConfiguration extends RuntimeException {
        private final List<String> problems;

        InvalidGpioConfiguration(List<String> problems) {
            super("invalid GPIO configuration: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** Everything off, the documented default pins and timings. */
    public static GpioSettings disabled() {
        return read(key -> Optional.empty());
    }

    /**
     * Reads and validates the configuration.
     *
     * @param property looks up a key relative to {@code dosewarden.gpio.} (e.g. {@code "emergency-stop.pin"}) and
     *                 returns its value as text; empty when not set (the default applies)
     * @throws InvalidGpioConfiguration naming every bad key, its value and the allowed range
     */
    public static GpioSettings read(Function<String, Optional<String>> property) {
        Reader r = new Reader(property);
        boolean enabled = r.bool("enabled", false);
        String provider = r.oneOf("provider", "auto", List.of("auto", "mock", "gpiod"));
        String chip = r.text("gpiod-chip", null);
        Duration poll = r.duration("poll-interval", Duration.ofMillis(5), MIN_POLL, MAX_POLL);

        InputSettings estop = new InputSettings(
                r.bool("emergency-stop.enabled", false),
                r.pin("emergency-stop.pin", 5),
                r.level("emergency-stop.pressed-level", Level.HIGH),
                r.pull("emergency-stop.pull", Pull.UP),
                r.duration("emergency-stop.debounce", Duration.ofMillis(20), Duration.ZERO,
                        MAX_EMERGENCY_STOP_DEBOUNCE));
        ConfirmButtonSettings confirm = new ConfirmButtonSettings(new InputSettings(
                r.bool("confirm-button.enabled", false),
                r.pin("confirm-button.pin", 6),
                r.level("confirm-button.pressed-level", Level.LOW),
                r.pull("confirm-button.pull", Pull.UP),
                r.duration("confirm-button.debounce", Duration.ofMillis(20), Duration.ZERO, MAX_BUTTON_DEBOUNCE)),
                r.duration("confirm-button.timeout", Duration.ofSeconds(30), MIN_CONFIRM_TIMEOUT,
                        MAX_CONFIRM_TIMEOUT));
        RelaySettings relay = new RelaySettings(new OutputSettings(
                r.bool("relay.enabled", false),
                r.pin("relay.pin", 17),
                r.level("relay.active-level", Level.HIGH)),
                r.bool("relay.de-energise-on-fault", false));
        BeaconSettings beacon = new BeaconSettings(
                r.bool("beacon.enabled", false),
                r.pin("beacon.red-pin", 22),
                r.pin("beacon.yellow-pin", 23),
                r.level("beacon.active-level", Level.HIGH));
        OutputSettings buzzer = new OutputSettings(
                r.bool("buzzer.enabled", false),
                r.pin("buzzer.pin", 24),
                r.level("buzzer.active-level", Level.HIGH));
        HeartbeatSettings heartbeat = new HeartbeatSettings(
                r.bool("heartbeat.enabled", false),
                r.pin("heartbeat.pin", 25),
                r.duration("heartbeat.toggle-interval", Duration.ofMillis(100), MIN_HEARTBEAT_TOGGLE,
                        MAX_HEARTBEAT_TOGGLE));

        if (estop.enabled()) {
            Level open = estop.pull().openCircuitLevel();
            if (open != null && open != estop.pressedLevel()) {
                r.problem(PREFIX + "emergency-stop.pull is " + estop.pull().name().toLowerCase(Locale.ROOT)
                        + " but pressed-level is " + estop.pressedLevel().name().toLowerCase(Locale.ROOT)
                        + ": a broken wire would read as released; the pull must pull toward the pressed level "
                        + "(or be 'off' with an external resistor that does)");
            }
        }
        if (enabled) {
            Map<Integer, String> used = new LinkedHashMap<>();
            if (estop.enabled()) {
                r.claim(used, estop.pin(), "emergency-stop.pin");
            }
            if (confirm.enabled()) {
                r.claim(used, confirm.input().pin(), "confirm-button.pin");
            }
            if (relay.enabled()) {
                r.claim(used, relay.output().pin(), "relay.pin");
            }
            if (beacon.enabled()) {
                r.claim(used, beacon.redPin(), "beacon.red-pin");
                r.claim(used, beacon.yellowPin(), "beacon.yellow-pin");
            }
            if (buzzer.enabled()) {
                r.claim(used, buzzer.pin(), "buzzer.pin");
            }
            if (heartbeat.enabled()) {
                r.claim(used, heartbeat.pin(), "heartbeat.pin");
            }
        }
        r.throwIfProblems();
        return new GpioSettings(enabled, provider, chip, poll, estop, confirm, relay, beacon, buzzer, heartbeat);
    }

    /** Reads one key at a time and collects problems instead of stopping at the first. */
    private static final class Reader {
        private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");

        private final Function<String, Optional<String>> property;
        private final List<String> problems = new ArrayList<>();

        Reader(Function<String, Optional<String>> property) {
            this.property = property;
        }

        void problem(String text) {
            problems.add(text);
        }

        void throwIfProblems() {
            if (!problems.isEmpty()) {
                throw new InvalidGpioConfiguration(problems);
            }
        }

        private Optional<String> raw(String key) {
            return property.apply(key).map(String::trim);
        }

        String text(String key, String dflt) {
            return raw(key).filter(s -> !s.isEmpty()).orElse(dflt);
        }

        boolean bool(String key, boolean dflt) {
            Optional<String> v = raw(key);
            if (v.isEmpty()) {
                return dflt;
            }
            return switch (v.get().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> {
                    problem(PREFIX + key + ": '" + v.get() + "' is not true or false");
                    yield dflt;
                }
            };
        }

        String oneOf(String key, String dflt, List<String> allowed) {
            Optional<String> v = raw(key);
            if (v.isEmpty()) {
                return dflt;
            }
            String s = v.get().toLowerCase(Locale.ROOT);
            if (!allowed.contains(s)) {
                problem(PREFIX + key + ": '" + v.get() + "' is not one of " + allowed);
                return dflt;
            }
            return s;
        }

        int pin(String key, int dflt) {
            Optional<String> v = raw(key);
            if (v.isEmpty()) {
                return dflt;
            }
            try {
                int pin = Integer.parseInt(v.get());
                if (pin < 0 || pin > MAX_BCM) {
                    problem(PREFIX + key + ": BCM pin " + pin + " is outside 0-" + MAX_BCM + " (the 40-pin header)");
                    return dflt;
                }
                return pin;
            } catch (NumberFormatException e) {
                problem(PREFIX + key + ": '" + v.get() + "' is not a BCM pin number (0-" + MAX_BCM + ")");
                return dflt;
            }
        }

        Level level(String key, Level dflt) {
            String s = oneOf(key, dflt.name().toLowerCase(Locale.ROOT), List.of("high", "low"));
            return Level.valueOf(s.toUpperCase(Locale.ROOT));
        }

        Pull pull(String key, Pull dflt) {
            String s = oneOf(key, dflt.name().toLowerCase(Locale.ROOT), List.of("up", "down", "off"));
            return Pull.valueOf(s.toUpperCase(Locale.ROOT));
        }

        Duration duration(String key, Duration dflt, Duration min, Duration max) {
            Optional<String> v = raw(key);
            if (v.isEmpty()) {
                return dflt;
            }
            Duration d;
            Matcher m = DURATION.matcher(v.get().toLowerCase(Locale.ROOT));
            try {
                if (m.matches()) {
                    long n = Long.parseLong(m.group(1));
                    d = switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        default -> Duration.ofMinutes(n);
                    };
                } else {
                    d = Duration.parse(v.get());
                }
            } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
                problem(PREFIX + key + ": '" + v.get() + "' is not a duration (e.g. 20ms, 30s, 2m or PT0.02S)");
                return dflt;
            }
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                problem(PREFIX + key + ": " + v.get() + " is outside " + text(min) + " to " + text(max));
                return dflt;
            }
            return d;
        }

        void claim(Map<Integer, String> used, int pin, String key) {
            String other = used.putIfAbsent(pin, key);
            if (other != null) {
                problem(PREFIX + key + ": BCM pin " + pin + " is already used by " + PREFIX + other);
            }
        }

        private static String text(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
        }
    }
}
