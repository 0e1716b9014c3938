package org.dosewarden.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.sse.Event;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Optional;
import org.dosewarden.api.security.ConsoleSessions;
import org.dosewarden.api.security.Role;
import org.dosewarden.channel.ChannelDirectory;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/** Live updates of a channel for the console page (SR-U5): server-sent events, signed in like every API call. */
@Controller("/api/channels")
@Tag(name = "channels")
@Requires(beans = ChannelDirectory.class)
public class ChannelEventsController {

    private final ChannelIntents intents;
    private final ChannelEventStreams streams;
    private final ConsoleSessions sessions;

    ChannelEventsController(ChannelIntents intents, ChannelEventStreams streams, ConsoleSessions sessions) {
        this.intents = intents;
        this.streams = streams;
        this.sessions = sessions;
    }

    @Get("/{channel}/events")
    @Secured({Role.VIEWER_NAME, Role.CLINICIAN_NAME, Role.ADMIN_NAME})
    @Produces(MediaType.TEXT_EVENT_STREAM)
    @Operation(summary = "Server-sent events of the channel: 'status' (the channel, at once and on every change) and "
            + "'record' (each new timeline entry of the channel, except pump and audit records); 'alive' every second")
    public Publisher<Event<String>> events(@PathVariable String channel, HttpRequest<?> request) {
        Flux<Event<String>> events = streams.subscribe(intents.channel(channel));
        // A stream opened with a console session ends with that session (sign-out, idle or absolute limit),
        // judged at every event and so at least every second ('alive'); the browser's reconnect is then refused.
        Optional<String> token = ConsoleSessions.of(request).flatMap(s -> ConsoleSessions.token(request));
        return token.map(t -> events.takeWhile(e -> sessions.isOpen(t))).orElse(events);
    }
}
