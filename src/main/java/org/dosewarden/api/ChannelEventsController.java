package org.dosewarden.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.sse.Event;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.dosewarden.api.security.Role;
import org.dosewarden.channel.ChannelDirectory;
import org.reactivestreams.Publisher;

/** Live updates of a channel for the console page (SR-U5): server-sent events, signed in like every API call. */
@Controller("/api/channels")
@Tag(name = "channels")
@Requires(beans = ChannelDirectory.class)
public class ChannelEventsController {

    private final ChannelIntents intents;
    private final ChannelEventStreams streams;

    ChannelEventsController(ChannelIntents intents, ChannelEventStreams streams) {
        this.intents = intents;
        this.streams = streams;
    }

    @Get("/{channel}/events")
    @Secured({Role.VIEWER_NAME, Role.CLINICIAN_NAME, Role.ADMIN_NAME})
    @Produces(MediaType.TEXT_EVENT_STREAM)
    @Operation(summary = "Server-sent events of the channel: 'status' (the channel, at once and on every change) and "
            + "'record' (each new timeline entry of the channel, except pump and audit records); 'alive' every second")
    public Publisher<Event<String>> events(@PathVariable String channel) {
        return streams.subscribe(intents.channel(channel));
    }
}
