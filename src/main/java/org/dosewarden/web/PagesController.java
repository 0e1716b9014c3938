package org.dosewarden.web;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dosewarden.mqtt.config.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the landing page ({@code /}), the ward page ({@code /ward}) and the ward page's settings
 * ({@code /ward/config}) to anyone who can reach the daemon: the pages hold no data and no secret; the ward
 * page reads MQTT with an account the station types in. The pages' assets are static resources under
 * {@code /assets/} (application.yml).
 */
@Context
@Controller
@Hidden
@Secured(SecurityRule.IS_ANONYMOUS)
public class PagesController {

    private static final Logger LOG = LoggerFactory.getLogger(PagesController.class);
    static final MediaType HTML = MediaType.of("text/html;charset=utf-8");
    static final MediaType PROBLEM = MediaType.of("application/problem+json");

    private final WardSettings ward;
    private final String wardProblem;
    private final Map<String, byte[]> pages = new ConcurrentHashMap<>();

    PagesController(WardProperties properties, MqttProperties mqtt,
                    @Value("${dosewarden.site:clinic}") String site,
                    @Value("${dosewarden.device-id:dw1}") String device) {
        WardSettings settings = null;
        String problem = null;
        try {
            boolean embedded = "embedded".equals(mqtt.getUrl());
            WardProperties.Pause pause = properties.getPause();
            boolean pauseEnabled = pause.getEnabled() != null ? pause.getEnabled() : mqtt.getPause().isEnabled();
            settings = WardSettings.of(properties.getBrokerUrl(), embedded, mqtt.getEmbedded().getWebsocketPort(),
                    mqtt.getTopicRoot(), site, device, properties.getDevices(), mqtt.getHeartbeat(), pauseEnabled,
                    pause.getLifetime(), mqtt.getPause().getMaxLifetime());
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
            LOG.error("ward page disabled: {}", problem);
        }
        this.ward = settings;
        this.wardProblem = problem;
    }

    /** The ward settings, or {@code null} when the configuration was refused. */
    WardSettings wardSettings() {
        return ward;
    }

    @Get(uri = "/", produces = "text/html")
    HttpResponse<byte[]> landing() {
        return page("index.html");
    }

    @Get(uri = "/ward", produces = "text/html")
    HttpResponse<byte[]> wardPage() {
        return page("ward.html");
    }

    /** What the page needs to connect; never an account. */
    @Serdeable
    public record WardConfigJson(String brokerUrl, String brokerProblem, String devices, String fixedDevice,
                                 long heartbeatSeconds, boolean pauseEnabled, long pauseLifetimeSeconds) {
    }

    @Get(uri = "/ward/config", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> wardConfig(HttpRequest<?> request) {
        if (ward == null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "urn:dosewarden:problem:ward-configuration");
            body.put("title", "Ward page not configured");
            body.put("status", 503);
            body.put("detail", wardProblem);
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(PROBLEM).body(body)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        String host = request.getHeaders().get(HttpHeaders.HOST);
        String url = ward.brokerUrlFor(host).orElse(null);
        String brokerProblem = url != null ? null : "this daemon publishes to an external broker and "
                + "dosewarden.ward.broker-url is not set: the page does not know the broker's WebSocket address";
        return HttpResponse.ok(new WardConfigJson(url, brokerProblem, ward.devices(), ward.fixedDevice(),
                        Math.max(1, ward.heartbeat().toSeconds()), ward.pauseEnabled(), ward.pauseLifetime().toSeconds()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private HttpResponse<byte[]> page(String name) {
        byte[] body = pages.computeIfAbsent(name, PagesController::read);
        if (body.length == 0) {
            return HttpResponse.<byte[]>status(HttpStatus.SERVICE_UNAVAILABLE)
                    .contentType(MediaType.TEXT_PLAIN_TYPE)
                    .body(("The page " + name + " is not in this build: build the jar with 'mvn package' "
                            + "(node and npm are needed; scripts/demo installs them).\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return HttpResponse.ok(body).contentType(HTML).header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }

    private static byte[] read(String name) {
        try (InputStream in = PagesController.class.getResourceAsStream("/web/pages/" + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read page " + name, e);
        }
    }
}
