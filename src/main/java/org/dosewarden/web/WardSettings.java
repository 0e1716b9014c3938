package org.dosewarden.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the ward page needs to know to find the site's devices, checked once at start-up. The page learns it
 * from {@code GET /ward/config}; no broker account is ever part of it: the read-only account is typed into the
 * page by the station (SR-W4 and docs/site.md).
 *
 * @param configuredBrokerUrl  {@code dosewarden.ward.broker-url}, or {@code null} for the embedded broker's
 * @param embeddedWebsocketPort the embedded broker's WebSocket port (0: no embedded listener)
 * @param devices              topic filter whose last level names a device, e.g. {@code dosewarden/clinic/+}
 * @param fixedDevice          the device id when the topic root has no device level, else {@code null}
 * @param heartbeat            how often a live channel's status moves at the latest (SR-W1 counts in these)
 * @param pauseEnabled         the page offers the pause request on running tiles (SR-W4)
 * @param pauseLifetime        how long a pause request stays valid ({@code expiresAt} − now)
 */
public record WardSettings(String configuredBrokerUrl, int embeddedWebsocketPort, String devices, String fixedDevice,
                           Duration heartbeat, boolean pauseEnabled, Duration pauseLifetime) {

    /** 20 s: long enough for a busy broker, far below the daemon's 60 s limit, so a late copy is refused. */
    public static final Duration DEFAULT_PAUSE_LIFETIME = Duration.ofSeconds(20);
    static final Duration MIN_PAUSE_LIFETIME = Duration.ofSeconds(5);

    /** A host name or IPv4 address as a browser sends it (IPv6 literals keep the loopback default). */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    public WardSettings {
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(pauseLifetime, "pauseLifetime");
        if (configuredBrokerUrl != null) {
            checkBrokerUrl(configuredBrokerUrl);
        }
        checkDevices(devices);
    }

    /**
     * The settings for a daemon whose own topic root is {@code template} with {@code site} and {@code device}.
     *
     * @param embedded         the daemon runs the embedded broker (its read-only account sees only this
     *                         device, so the page subscribes to this device's tree only)
     * @param devicesOverride  {@code dosewarden.ward.devices}, or {@code null} to derive it from the template
     * @param maxPauseLifetime the daemon's {@code dosewarden.mqtt.pause.max-lifetime}
     * @throws IllegalArgumentException naming the setting and the limit
     */
    public static WardSettings of(String configuredBrokerUrl, boolean embedded, int embeddedWebsocketPort,
            String template, String site, String device, String devicesOverride, Duration heartbeat,
            boolean pauseEnabled, Duration pauseLifetime, Duration maxPauseLifetime) {
        if (pauseLifetime.compareTo(MIN_PAUSE_LIFETIME) < 0 || pauseLifetime.compareTo(maxPauseLifetime) > 0) {
            throw new IllegalArgumentException("dosewarden.ward.pause.lifetime is " + pauseLifetime.toSeconds()
                    + " s; it must be between " + MIN_PAUSE_LIFETIME.toSeconds() + " s and the daemon's "
                    + "dosewarden.mqtt.pause.max-lifetime (" + maxPauseLifetime.toSeconds() + " s)");
        }
        String devices;
        String fixed = null;
        if (devicesOverride != null && !devicesOverride.isBlank()) {
            devices = devicesOverride.strip();
        } else if (!template.contains("{device}")) {
            devices = template.replace("{site}", site);
            fixed = device;
        } else {
            String root = template.replace("{site}", site);
            int at = root.indexOf("{device}");
            // The devices' level must be the last one; what follows {device} in a root is not a device tree.
            devices = (embedded ? root.substring(0, at) + device : root.substring(0, at) + "+");
            if (at + "{device}".length() != root.length()) {
                throw new IllegalArgumentException("dosewarden.mqtt.topic-root '" + template + "' does not end with "
                        + "{device}: set dosewarden.ward.devices to a filter whose last level names the device");
            }
        }
        return new WardSettings(configuredBrokerUrl, embedded ? embeddedWebsocketPort : 0, devices, fixed, heartbeat,
                pauseEnabled, pauseLifetime);
    }

    /**
     * The broker URL the page connects to, or empty when there is none to give (an external broker without
     * {@code dosewarden.ward.broker-url}). For the embedded broker the page uses the host name it was loaded
     * from, so an SSH tunnel that forwards both ports works.
     */
    public Optional<String> brokerUrlFor(String requestHost) {
        if (configuredBrokerUrl != null) {
            return Optional.of(configuredBrokerUrl);
        }
        if (embeddedWebsocketPort == 0) {
            return Optional.empty();
        }
        return Optional.of("ws://" + hostOrLoopback(requestHost) + ":" + embeddedWebsocketPort + "/mqtt");
    }

    /** The scheme, host and port of {@link #brokerUrlFor}, for the page's Content-Security-Policy. */
    public Optional<String> brokerOriginFor(String requestHost) {
        return brokerUrlFor(requestHost).map(u -> {
            URI uri = URI.create(u);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        });
    }

    /** The host part of an HTTP Host header when it is a plain name or IPv4 address, else 127.0.0.1. */
    static String hostOrLoopback(String hostHeader) {
        if (hostHeader == null) {
            return "127.0.0.1";
        }
        String host = hostHeader.strip();
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(':') == colon) {
            host = host.substring(0, colon);
        }
        return HOST.matcher(host).matches() ? host.toLowerCase(Locale.ROOT) : "127.0.0.1";
    }

    private static void checkBrokerUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("dosewarden.ward.broker-url '" + url + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("dosewarden.ward.broker-url '" + url + "' must start with ws:// or "
                    + "wss:// (a broker's WebSocket listener, e.g. wss://broker.clinic:9001/mqtt)");
        }
        if (uri.getRawUserInfo() != null) {
            // It would be served to every browser that opens the page.
            throw new IllegalArgumentException("dosewarden.ward.broker-url must not contain an account: stations "
                    + "type the read-only account into the page");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("dosewarden.ward.broker-url '" + url + "' names no host");
        }
    }

    private static void checkDevices(String devices) {
        String[] levels = devices.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            boolean last = i == levels.length - 1;
            if (l.isEmpty() || l.contains("#") || (l.contains("+") && !(last && l.equals("+")))) {
                throw new IllegalArgumentException("dosewarden.ward.devices '" + devices + "' must be a topic filter "
                        + "without '#' and empty levels, with '+' only as its whole last level "
                        + "(e.g. dosewarden/clinic/+)");
            }
        }
    }
}
