package org.dosewarden.api.console;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.dosewarden.api.security.ConsoleSessions;

/**
 * Serves the clinician console's pages (in {@code api.console}, beside the sign-in form, because a page is sent
 * only with a live console session; the page files are built into the jar like the other pages): {@code /console} (the device's channels) and
 * {@code /console/channels/{name}} (one channel). The pages hold no data; their scripts read the API with the
 * console's session cookie. Without a live console session (never signed in, signed out, or ended by the idle or
 * absolute limit) a page is not sent: the browser goes to the plain-HTML sign-in form ({@code /console/login})
 * with the page as {@code next}, so a clinician lands where they were going, and this works without scripts.
 */
@Controller("/console")
@Hidden
@Secured(SecurityRule.IS_ANONYMOUS)
public class ConsolePages {

    private static final MediaType HTML = MediaType.of("text/html;charset=utf-8");

    /** Channel names as configuration allows them (a property key segment). */
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Map<String, byte[]> pages = new ConcurrentHashMap<>();

    @Get(produces = MediaType.TEXT_HTML)
    MutableHttpResponse<?> overview(HttpRequest<?> request) {
        return signedIn(request) ? page("console.html") : toSignIn(request, "/console");
    }

    @Get(uri = "/channels/{name}", produces = MediaType.TEXT_HTML)
    MutableHttpResponse<?> channel(HttpRequest<?> request, @PathVariable String name) {
        if (!CHANNEL.matcher(name).matches()) {
            return HttpResponse.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN_TYPE)
                    .body("No such channel page.\n");
        }
        String path = "/console/channels/" + name;
        return signedIn(request) ? page("channel.html") : toSignIn(request, path);
    }

    private static boolean signedIn(HttpRequest<?> request) {
        return ConsoleSessions.of(request).isPresent();
    }

    /**
     * 303 to the sign-in form, back to {@code next} afterwards. When the browser still sent a session cookie, that
     * session has ended (timed out, signed out elsewhere, or the daemon restarted): the form says so.
     */
    private static MutableHttpResponse<?> toSignIn(HttpRequest<?> request, String next) {
        String ended = ConsoleSessions.token(request).filter(t -> !t.isEmpty()).isPresent() ? "&ended=1" : "";
        URI to = URI.create("/console/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8) + ended);
        return HttpResponse.status(HttpStatus.SEE_OTHER).headers(h -> h.location(to))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private MutableHttpResponse<?> page(String name) {
        byte[] body = pages.computeIfAbsent(name, ConsolePages::read);
        if (body.length == 0) {
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.TEXT_PLAIN_TYPE)
                    .body("The console page " + name + " is not in this build: build the jar with 'mvn package' "
                            + "(node and npm are needed; scripts/demo installs them).\n");
        }
        return HttpResponse.ok(body).contentType(HTML).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsolePages.class.getResourceAsStream("/web/pages/" + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read page " + name, e);
        }
    }
}
