package org.dosewarden.api.audit;

import io.micronaut.context.BeanProvider;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dosewarden.api.IdempotencyKeys;
import org.dosewarden.api.problem.ProblemJson;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.clock.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records to the {@link AuditTrail} every request that can change something (any method but GET, HEAD,
 * OPTIONS, and the programming check, which loads nothing) and every refused attempt on any path (401, 403,
 * 409, 422), with the user, the time, the channel
 * and the outcome (SR-I1). It runs outside the security filter, so it also sees requests the security layer
 * turned away, and it records before the response leaves. A handler that knows more (a sign-in names its
 * user in the body) leaves an {@link AuditNote} on the request.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class AuditFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);

    private static final Set<Integer> REFUSALS = Set.of(401, 403, 409, 422);
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    /** POSTs that only check and change nothing (the console checks a prescription as it is typed). */
    private static final Pattern CHECKS_ONLY = Pattern.compile("^/api/channels/[^/]+/program/check$");
    private static final Pattern CHANNEL_PATH = Pattern.compile("^/api/channels/([^/]+)(?:/(.*))?$");
    private static final int MAX_CLAIMED_NAME = 64;

    private final AuditTrail trail;
    private final TimeSource time;
    private final JsonMapper json;
    private final BeanProvider<ChannelDirectory> channels;

    AuditFilter(AuditTrail trail, TimeSource time, JsonMapper json, BeanProvider<ChannelDirectory> channels) {
        this.trail = trail;
        this.time = time;
        this.json = json;
        this.channels = channels;
    }

    @Override
    public int getOrder() {
        // Outermost: sees the final response, including the security filter's 401/403.
        return ServerFilterPhase.FIRST.order();
    }

    @ResponseFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    void audit(HttpRequest<?> request, MutableHttpResponse<?> response) {
        int status = response.code();
        if ((READS.contains(request.getMethod()) || CHECKS_ONLY.matcher(request.getPath()).matches())
                && !REFUSALS.contains(status)) {
            return;
        }
        Optional<Principal> principal = request.getUserPrincipal();
        Optional<AuditNote> note = AuditNote.of(request);
        String user = note.map(AuditNote::user).or(() -> principal.map(Principal::getName))
                .orElseGet(() -> claimedUser(request).orElse("anonymous"));
        boolean authenticated = note.map(AuditNote::authenticated).orElse(principal.isPresent());
        String path = request.getPath();
        Matcher m = CHANNEL_PATH.matcher(path);
        // Only a configured channel name is recorded as the channel; anything else stays in the path.
        String channel = m.matches() && knownChannel(m.group(1)) ? m.group(1) : "";
        String action = m.matches() && m.group(2) != null ? action(m.group(2)) : request.getMethod() + " " + path;
        if (m.matches() && m.group(2) == null) {
            action = request.getMethod() + " channel";
        }
        if (note.isPresent()) {
            action = note.get().action();
        }
        boolean replayed = response.getHeaders().contains(IdempotencyKeys.REPLAYED_HEADER);
        String outcome = status < 400 ? (replayed ? "replayed" : "accepted") : status < 500 ? "refused" : "failed";
        String detail = note.map(AuditNote::detail).filter(d -> !d.isEmpty()).orElseGet(() -> detail(response));
        AuditEntry entry = new AuditEntry(time.wallTime(), user, authenticated, channel, action,
                request.getMethodName(), path, status, outcome, detail,
                request.getHeaders().get(IdempotencyKeys.HEADER, String.class).orElse(""));
        try {
            trail.record(entry);
        } catch (RuntimeException e) {
            // The answer is already decided (and a channel change is already journaled by the channel);
            // a lost audit record is an operator problem, reported loudly.
            LOG.error("could not record audit entry {}: {}", entry, e.toString());
        }
    }

    private boolean knownChannel(String name) {
        return channels.isPresent() && channels.get().find(name).isPresent();
    }

    /** {@code program}, {@code start}, {@code acknowledge} ... from the part of the path after the channel. */
    private static String action(String rest) {
        int slash = rest.lastIndexOf('/');
        return slash < 0 ? rest : rest.substring(slash + 1);
    }

    /** The user name in an HTTP Basic header that did not authenticate, cut to a safe length. */
    private static Optional<String> claimedUser(HttpRequest<?> request) {
        Optional<String> header = request.getHeaders().getAuthorization();
        if (header.isEmpty() || !header.get().regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.get().substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String name = (colon < 0 ? decoded : decoded.substring(0, colon)).replaceAll("[^\\x21-\\x7e]", "?");
            if (name.length() > MAX_CLAIMED_NAME) {
                name = name.substring(0, MAX_CLAIMED_NAME) + "...";
            }
            return Optional.of("unauthenticated:" + name);
        } catch (IllegalArgumentException e) {
            return Optional.of("unauthenticated:<malformed basic header>");
        }
    }

    /** The problem detail of an error response, or empty. */
    private String detail(MutableHttpResponse<?> response) {
        if (response.code() < 400) {
            return "";
        }
        Optional<?> body = response.getBody();
        if (body.isPresent() && body.get() instanceof byte[] bytes
                && response.getContentType().map(t -> t.toString().startsWith(ProblemJson.MEDIA_TYPE)).orElse(false)) {
            try {
                Map<?, ?> problem = json.readValue(bytes, Map.class);
                Object detail = problem.get("detail");
                return detail == null ? "" : detail.toString();
            } catch (java.io.IOException | RuntimeException e) {
                return "";
            }
        }
        return response.reason();
    }

}
