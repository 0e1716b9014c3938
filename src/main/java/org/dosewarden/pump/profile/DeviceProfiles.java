package org.dosewarden.pump.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.json.JsonMappers;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.SyringeDiameter;

/**
 * Loads device profiles ({@code <id>.yaml}) from a directory, validating each against the JSON Schema
 * ({@code device-profile.schema.json}) and then for consistency (baud in the allowed list, default address
 * in range, syringe diameters within the accepted range ...) and by the rules of its protocol family
 * ({@link FamilyRules}, found through {@link ServiceLoader}: checksum test vectors reproduced by the code ...).
 * Anything wrong fails closed with a {@link DeviceProfileException} that names the file and every problem.
 */
public final class DeviceProfiles {

    /** Environment variable naming the profile directory. */
    public static final String DIRECTORY_ENV = "DOSEWARDEN_DEVICE_PROFILES";

    private static final String SCHEMA = "/org/dosewarden/pump/profile/device-profile.schema.json";
    /** Extra attempts after a damaged reply when the profile does not say (line noise, SR-D7). */
    static final int DEFAULT_GARBLED_RETRIES = 12;
    private static final ObjectMapper YAML = JsonMappers.yaml();
    private static final JsonSchema SCHEMA_INSTANCE = loadSchema();
    private static final Map<String, FamilyRules> FAMILIES = loadFamilies();

    private final Path directory;

    private DeviceProfiles(Path directory) {
        this.directory = directory;
    }

    /** Profiles in {@code directory}. */
    public static DeviceProfiles in(Path directory) {
        return new DeviceProfiles(directory);
    }

    /**
     * The profile directory to use when none is configured: {@value #DIRECTORY_ENV} if set, else
     * {@code ./device-profiles} if it exists, else {@code device-profiles} next to the directory holding the
     * dosewarden jar (so {@code scripts/dosewarden} works from any working directory).
     */
    public static DeviceProfiles standard() {
        String env = System.getenv(DIRECTORY_ENV);
        if (env != null && !env.isBlank()) {
            return in(Path.of(env));
        }
        Path local = Path.of("device-profiles");
        if (Files.isDirectory(local)) {
            return in(local);
        }
        try {
            Path code = Path.of(DeviceProfiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code.getParent(); p != null; p = p.getParent()) {
                Path candidate = p.resolve("device-profiles");
                if (Files.isDirectory(candidate)) {
                    return in(candidate);
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working-directory default, which then reports the missing directory
        }
        return in(local);
    }

    public Path directory() {
        return directory;
    }

    /** Ids of the profile files present (file names without {@code .yaml}), sorted. */
    public List<String> ids() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads and validates profile {@code id}. */
    public DeviceProfile load(String id) throws DeviceProfileException {
        if (!id.matches("[a-z0-9][a-z0-9-]{1,62}")) {
            throw new DeviceProfileException("'" + id + "' is not a device profile id (lower-case letters, digits, '-')");
        }
        Path file = directory.resolve(id + ".yaml");
        if (!Files.isRegularFile(file)) {
            List<String> known = ids();
            throw new DeviceProfileException("unknown device profile '" + id + "': no " + file + " ("
                    + (known.isEmpty() ? "no profiles in " + directory.toAbsolutePath() : "known: " + String.join(", ", known))
                    + ")");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DeviceProfileException("cannot read device profile " + file + ": " + e.getMessage(), e);
        }
        DeviceProfile profile = parse(text, file.toString());
        if (!profile.id().equals(id)) {
            throw new DeviceProfileException("device profile " + file + " declares id '" + profile.id()
                    + "' but is named for '" + id + "'");
        }
        return profile;
    }

    /** Parses and validates profile text; {@code source} names it in messages. */
    public static DeviceProfile parse(String yaml, String source) throws DeviceProfileException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new DeviceProfileException("device profile " + source + " is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new DeviceProfileException("device profile " + source + " is empty or not a YAML mapping");
        }
        Set<ValidationMessage> messages = SCHEMA_INSTANCE.validate(root);
        if (!messages.isEmpty()) {
            List<String> lines = messages.stream().map(ValidationMessage::getMessage).sorted().toList();
            throw new DeviceProfileException("device profile " + source + " does not match the schema:\n  "
                    + String.join("\n  ", lines));
        }
        List<String> problems = new ArrayList<>();
        DeviceProfile profile = build(root, source, problems);
        FamilyRules rules = FAMILIES.get(profile.family());
        if (rules == null) {
            problems.add("family '" + profile.family() + "' has no driver in this build (known: "
                    + String.join(", ", FAMILIES.keySet()) + ")");
        } else {
            problems.addAll(rules.problems(profile));
        }
        if (!problems.isEmpty()) {
            throw new DeviceProfileException("device profile " + source + " is inconsistent:\n  "
                    + String.join("\n  ", problems));
        }
        return profile;
    }

    private static DeviceProfile build(JsonNode r, String source, List<String> problems) {
        String id = r.path("id").asText();
        JsonNode serialNode = r.path("transport").path("serial");
        List<Integer> allowed = new ArrayList<>();
        serialNode.path("allowedBaudRates").forEach(n -> allowed.add(n.asInt()));
        int baud = serialNode.path("baudRate").asInt();
        if (!allowed.contains(baud)) {
            problems.add("transport.serial.baudRate " + baud + " is not in allowedBaudRates " + allowed);
        }
        SerialSettings serial = new SerialSettings(baud, serialNode.path("dataBits").asInt(),
                SerialSettings.Parity.valueOf(serialNode.path("parity").asText().toUpperCase()),
                switch (serialNode.path("stopBits").decimalValue().toPlainString()) {
                    case "1" -> SerialSettings.StopBits.ONE;
                    case "1.5" -> SerialSettings.StopBits.ONE_POINT_FIVE;
                    default -> SerialSettings.StopBits.TWO;
                },
                switch (serialNode.path("flowControl").asText()) {
                    case "rtscts" -> SerialSettings.FlowControl.RTS_CTS;
                    case "xonxoff" -> SerialSettings.FlowControl.XON_XOFF;
                    default -> SerialSettings.FlowControl.NONE;
                });

        JsonNode timingNode = r.path("transport").path("timing");
        JsonNode backoff = timingNode.path("reconnectBackoffMs");
        Duration backoffInitial = Duration.ofMillis(backoff.isArray() ? backoff.get(0).asLong() : 250);
        Duration backoffMax = Duration.ofMillis(backoff.isArray() ? backoff.get(1).asLong() : 5000);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            problems.add("transport.timing.reconnectBackoffMs: maximum " + backoffMax.toMillis() + " is below first "
                    + backoffInitial.toMillis());
        }
        DeviceProfile.Timing timing = new DeviceProfile.Timing(
                Duration.ofMillis(timingNode.path("replyTimeoutMs").asLong()), timingNode.path("retries").asInt(),
                timingNode.path("garbledRetries").asInt(DEFAULT_GARBLED_RETRIES), backoffInitial, backoffMax);

        JsonNode addr = r.path("addressing");
        int aMin = addr.path("range").get(0).asInt();
        int aMax = addr.path("range").get(1).asInt();
        int aDefault = addr.path("default").asInt();
        if (aMin > aMax || aMax > 99) {
            problems.add("addressing.range [" + aMin + ", " + aMax + "] must be ordered and within 0..99");
        }
        if (aDefault < aMin || aDefault > aMax) {
            problems.add("addressing.default " + aDefault + " is outside addressing.range [" + aMin + ", " + aMax + "]");
        }

        JsonNode framings = r.path("framings");
        String defaultFraming = framings.path("default").asText();
        Set<String> supported = new HashSet<>();
        framings.path("supported").forEach(n -> supported.add(n.asText()));
        if (!supported.contains(defaultFraming)) {
            problems.add("framings.default '" + defaultFraming + "' is not in framings.supported " + supported);
        }
        List<DeviceProfile.TestVector> vectors = new ArrayList<>();
        for (JsonNode v : framings.path("safe").path("testVectors")) {
            vectors.add(new DeviceProfile.TestVector(v.path("payload").asText(), v.path("frameHex").asText().toLowerCase()));
        }
        DeviceProfile.Framings framingsSpoken = new DeviceProfile.Framings(defaultFraming,
                supported.stream().sorted().toList(), vectors);

        JsonNode wd = r.path("capabilities").path("watchdog");
        boolean wdSupported = wd.path("supported").asBoolean();
        int wdMin = wdSupported ? wd.path("rangeSeconds").get(0).asInt() : 0;
        int wdMax = wdSupported ? wd.path("rangeSeconds").get(1).asInt() : 0;
        if (wdSupported && (wdMin < 1 || wdMax > 255 || wdMin > wdMax)) {
            problems.add("capabilities.watchdog.rangeSeconds [" + wdMin + ", " + wdMax + "] must be ordered within 1..255");
        }
        BigDecimal fraction = wd.has("heartbeatFraction") ? wd.path("heartbeatFraction").decimalValue() : new BigDecimal("0.5");
        DeviceProfile.Watchdog watchdog = new DeviceProfile.Watchdog(wdSupported, wdMin, wdMax, fraction);

        JsonNode limits = r.path("limits");
        BigDecimal dMin = limits.path("diameterMm").get(0).decimalValue();
        BigDecimal dMax = limits.path("diameterMm").get(1).decimalValue();
        if (dMin.compareTo(dMax) >= 0) {
            problems.add("limits.diameterMm [" + dMin + ", " + dMax + "] must be increasing");
        }
        DeviceProfile.DiameterRange diameters = new DeviceProfile.DiameterRange(dMin, dMax);
        DeviceProfile.PlungerSpeed plunger = new DeviceProfile.PlungerSpeed(
                limits.path("plungerSpeed").path("minCmPerH").decimalValue(),
                limits.path("plungerSpeed").path("maxCmPerMin").decimalValue());
        // min is per hour, max per minute: compare in cm/h.
        if (plunger.minCmPerHour().compareTo(plunger.maxCmPerMinute().multiply(BigDecimal.valueOf(60))) >= 0) {
            problems.add("limits.plungerSpeed: minimum " + plunger.minCmPerHour() + " cm/h is not below maximum "
                    + plunger.maxCmPerMinute() + " cm/min");
        }

        List<DeviceProfile.Syringe> syringes = new ArrayList<>();
        Set<String> syringeIds = new HashSet<>();
        for (JsonNode s : r.path("syringes")) {
            String sid = s.path("id").asText();
            if (!syringeIds.add(sid)) {
                problems.add("syringes: id '" + sid + "' appears twice");
            }
            SyringeDiameter d = new SyringeDiameter(s.path("diameterMm").decimalValue());
            if (!diameters.contains(d)) {
                problems.add("syringes: '" + sid + "' diameter " + d + " is outside limits.diameterMm [" + dMin + ", "
                        + dMax + "]");
            }
            BigDecimal ml = s.path("volumeMl").decimalValue();
            Volume volume;
            try {
                volume = Volume.ofMillilitres(ml);
            } catch (ArithmeticException e) {
                problems.add("syringes: '" + sid + "' volumeMl " + ml.toPlainString() + " is finer than 1 uL");
                volume = Volume.ofMicrolitres(1);
            }
            syringes.add(new DeviceProfile.Syringe(sid, s.path("maker").asText(), volume, d));
        }

        Pattern identify;
        String regex = r.path("identify").path("responseData").asText("^(?<model>.+)V(?<firmware>.+)$");
        try {
            identify = Pattern.compile(regex);
            if (!regex.contains("(?<model>") || !regex.contains("(?<firmware>")) {
                problems.add("identify.responseData must have named groups 'model' and 'firmware': " + regex);
            }
        } catch (PatternSyntaxException e) {
            problems.add("identify.responseData is not a regular expression: " + e.getDescription());
            identify = Pattern.compile("(?<model>.+)V(?<firmware>.+)");
        }

        List<String> models = new ArrayList<>();
        r.path("models").forEach(n -> models.add(n.asText()));
        Optional<String> defaultPort = r.has("defaultPort") ? Optional.of(r.path("defaultPort").asText()) : Optional.empty();
        return new DeviceProfile(id, r.path("family").asText(), r.path("vendor").asText(), List.copyOf(models),
                r.path("clinicalUse").asBoolean(), r.path("verification").path("level").asText(), defaultPort,
                r.path("identify").path("command").asText("VER"), identify, serial, List.copyOf(allowed),
                r.path("transport").path("tcp").path("allowed").asBoolean(true), timing,
                new DeviceProfile.Addresses(aMin, aMax, aDefault), framingsSpoken, watchdog,
                r.path("capabilities").path("unsolicitedAlarms").asBoolean(), diameters, plunger, List.copyOf(syringes),
                source);
    }

    private static Map<String, FamilyRules> loadFamilies() {
        Map<String, FamilyRules> families = new TreeMap<>();
        for (FamilyRules rules : ServiceLoader.load(FamilyRules.class, DeviceProfiles.class.getClassLoader())) {
            families.put(rules.family(), rules);
        }
        return java.util.Collections.unmodifiableMap(families);
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = DeviceProfiles.class.getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException("device profile schema " + SCHEMA + " is missing from the class path");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
