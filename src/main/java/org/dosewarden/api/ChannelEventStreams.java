package org.dosewarden.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.sse.Event;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dosewarden.channel.ChannelHandle;
import org.dosewarden.channel.ChannelRecord;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The live updates of each channel for the console (server-sent events): {@code status}, the channel as
 * {@code GET /api/channels/{channel}} answers, whenever it changed; {@code record}, each new journal record of the
 * channel as a {@link TimelineEntry} (not the pump's routine records nor the API's audit records). The channel's
 * listener only hands the news to one worker thread, which reads the journal and fans out to every subscriber;
 * a slow subscriber misses events rather than holding anything up, and its next {@code status} is complete.
 * {@code alive}, every second, says the stream itself still works.
 */
@Singleton
@Requires(beans = org.dosewarden.channel.ChannelDirectory.class)
public final class ChannelEventStreams {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelEventStreams.class);

    /**
     * How often an {@code alive} event goes out, also when nothing changed: it keeps an idle stream open through
     * proxies, and it is how the page knows the stream still works (a comment never reaches the page's script), so
     * a page whose stream went silent says it is not live within a few seconds (SR-U5).
     */
    static final Duration ALIVE = Duration.ofSeconds(1);

    private static final List<String> NOT_STREAMED = List.of("pump", "audit");

    private final JsonMapper json;
    private final Journal journal;
    /**
     * How long the news of a change waits for more: a running pump changes on every supervision cycle (several
     * times a second, more at a demo's time factor); gathering them keeps the work per subscriber bounded on a
     * small box, and the page is still far within its one second.
     */
    static final Duration GATHER = Duration.ofMillis(100);

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-events");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();

    ChannelEventStreams(JsonMapper json, @Nullable Journal journal) {
        this.json = json;
        this.journal = journal;
    }

    /** The events of {@code channel} from now on: its current status first. */
    Flux<Event<String>> subscribe(ChannelHandle channel) {
        Stream stream = streams.computeIfAbsent(channel.name(), name -> new Stream(channel));
        Flux<Event<String>> alive = Flux.interval(ALIVE).map(i -> Event.of("{}").name("alive"));
        return Flux.concat(Flux.just(status(channel.snapshot())), stream.sink.asFlux()).mergeWith(alive);
    }

    @PreDestroy
    void close() {
        worker.shutdownNow();
        streams.values().forEach(s -> s.sink.tryEmitComplete());
    }

    private Event<String> status(ChannelSnapshot snapshot) {
        return Event.of(write(ChannelView.of(snapshot))).name("status");
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One channel's subscribers, the last status sent, and how far its journal was read. */
    private final class Stream {
        final ChannelHandle channel;
        final Sinks.Many<Event<String>> sink = Sinks.many().multicast().directBestEffort();
        final AtomicBoolean pending = new AtomicBoolean();
        volatile ChannelSnapshot latest;
        String lastStatus = "";
        long cursor;

        Stream(ChannelHandle channel) {
            this.channel = channel;
            this.latest = channel.snapshot();
            this.cursor = endOfJournal();
            channel.addListener(snapshot -> {       // the channel thread: hand off and return
                latest = snapshot;
                if (pending.compareAndSet(false, true)) {
                    worker.schedule(this::drain, GATHER.toMillis(), TimeUnit.MILLISECONDS);
                }
            });
        }

        /** On the worker: a status when the channel changed (its time aside), then every new record. */
        private void drain() {
            pending.set(false);
            try {
                if (sink.currentSubscriberCount() == 0) {
                    cursor = endOfJournal();
                    return;
                }
                Event<String> status = status(latest);
                String unstamped = status.getData().replaceFirst("\"asOf\":\"[^\"]*\"", "");
                if (!unstamped.equals(lastStatus)) {
                    lastStatus = unstamped;
                    sink.tryEmitNext(status);
                }
                List<ChannelRecord> records = channel.records(cursor, ChannelController.MAX_JOURNAL_PAGE);
                for (ChannelRecord r : records) {
                    cursor = r.sequence();
                    TimelineEntry.of(r).filter(e -> !NOT_STREAMED.contains(e.kind()))
                            .ifPresent(e -> sink.tryEmitNext(Event.of(write(e)).name("record").id(Long.toString(e.sequence()))));
                }
                if (records.size() == ChannelController.MAX_JOURNAL_PAGE && pending.compareAndSet(false, true)) {
                    worker.execute(this::drain);        // more to read
                }
            } catch (RuntimeException e) {
                LOG.warn("channel {}: live update not sent: {}", channel.name(), e.toString());
            }
        }

        /** Where new records begin: the journal's last sequence (records of every channel share it). */
        private long endOfJournal() {
            if (journal != null) {
                return journal.lastSequence();
            }
            long next = cursor;
            for (List<ChannelRecord> page = channel.records(next, ChannelController.MAX_JOURNAL_PAGE); !page.isEmpty();
                    page = channel.records(next, ChannelController.MAX_JOURNAL_PAGE)) {
                next = page.getLast().sequence();
            }
            return next;
        }
    }
}
