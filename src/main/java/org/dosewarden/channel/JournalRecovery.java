package org.dosewarden.channel;

import java.util.Optional;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.journal.JournalException;
import org.dosewarden.journal.JournalReader;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.SafetyCore;
import org.dosewarden.safety.SafetySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a channel from its journal (SR-G2): every {@value ChannelSupervisor#EVENT} record after the channel's
 * newest {@link Checkpoint} (or from the first, without one) goes through the same pure core again, which gives the
 * state exactly, and every {@value ChannelSupervisor#PROGRAM_ORDER}
 * record gives back the order a session runs, and the after-care records tell which observation prompts were
 * written and answered. Nothing is sent to the pump here: the loop then begins a new
 * epoch with {@link Event.DaemonRecovered}, so an infusion that was running comes back paused with an alarm.
 */
final class JournalRecovery {

    /**
     * What the journal gave back.
     *
     * @param state      the channel's state as the journaled events left it
     * @param events     how many events the state sums up; 0 for a channel without a history
     * @param replayed   how many of them were read and replayed (the rest the checkpoint summed up)
     * @param checkpoint the sequence of the checkpoint the replay began at, 0 when it began at the first record
     */
    record Replayed(ChannelState state, long events, long replayed, long checkpoint) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    private final String channel;
    private final Journal journal;
    private final SafetySettings settings;
    private final SessionOrders orders;
    private final AfterCareRecords afterCare;

    JournalRecovery(String channel, Journal journal, SafetySettings settings, SessionOrders orders,
                    AfterCareRecords afterCare) {
        this.channel = channel;
        this.journal = journal;
        this.settings = settings;
        this.orders = orders;
        this.afterCare = afterCare;
    }

    /** Records read between two reports of progress to {@link #replay(Runnable)}'s caller. */
    static final int PROGRESS_EVERY = 1024;

    /**
     * Replays this channel's journal from its newest usable {@link Checkpoint}, or from the first record when it has
     * none (the session orders and after-care records are read back with it), telling {@code progress} after every
     * {@value #PROGRESS_EVERY} records read (on the calling thread; it must return at once): a journal of years
     * without a checkpoint takes seconds to minutes, and a watchdog must be able to tell such a replay from a stuck
     * loop. The look for the checkpoint reports too, after every {@value JournalReader#LOOK_BACK_PAGE} records looked
     * at: without one, it passes the channel's whole history before the replay reads it again.
     *
     * <p>A checkpoint is written only while the channel has no session, so no order or after-care note before it
     * belongs to a session recovery must show. The channel's settings are this start's, as when replaying from the
     * first record: a checkpoint keeps those it was written with, and they change nothing else in the state.
     */
    Replayed replay(Runnable progress) throws JournalException {
        orders.forgetJournaled();
        afterCare.forgetJournaled();
        Optional<Start> begin = checkpoint(progress);
        long after = begin.map(Start::sequence).orElse(0L);
        long[] count = {begin.map(b -> b.checkpoint().events()).orElse(0L), 0};
        ChannelState[] holder = {begin.map(b -> b.checkpoint().state().withChannelSettings(settings))
                .orElse(ChannelState.initial(channel, settings))};
        long[] read = {0};
        journal.forEachAfter(channel, after, record -> {
            if (++read[0] % PROGRESS_EVERY == 0) {
                progress.run();
            }
            switch (record.type()) {
                case ChannelSupervisor.EVENT -> {
                    Event event = EventJson.read(record.payload());
                    ChannelState before = holder[0];
                    holder[0] = SafetyCore.decide(before, event).state();
                    orders.noteDeliveryStart(before, holder[0], event);
                    count[0]++;
                    count[1]++;
                }
                case ChannelSupervisor.PROGRAM_ORDER -> orders.replayed(OrderOnRecord.fromJson(record.payload()));
                case AfterCareRecords.OBSERVATION, AfterCareRecords.PROMPT ->
                        afterCare.replayed(record.type(), record.payload());
                default -> {
                }
            }
        });
        return new Replayed(holder[0], count[0], count[1], after);
    }

    private record Start(long sequence, Checkpoint checkpoint) {
    }

    /**
     * The channel's newest checkpoint, when it can be used: its record matches its own hash, this build reads its
     * format, and it is this channel's. Otherwise the replay begins at the first record, and the log says why.
     */
    private Optional<Start> checkpoint(Runnable progress) throws JournalException {
        Optional<JournalEntry> newest = journal.newest(channel, Checkpoint.TYPE, progress);
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        JournalEntry record = newest.get();
        String unusable;
        if (!JournalReader.matchesItsHash(record)) {
            unusable = "it does not match its hash (run 'dosewarden journal verify')";
        } else {
            try {
                Checkpoint checkpoint = Checkpoint.fromJson(record.payload());
                if (checkpoint.state().channelId().equals(channel)) {
                    return Optional.of(new Start(record.sequence(), checkpoint));
                }
                unusable = "it is the state of channel '" + checkpoint.state().channelId() + "'";
            } catch (IllegalArgumentException e) {
                unusable = e.getMessage();
            }
        }
        LOG.warn("channel {}: checkpoint record {} is not used, the channel is replayed from its first record: {}",
                channel, record.sequence(), unusable);
        return Optional.empty();
    }
}
