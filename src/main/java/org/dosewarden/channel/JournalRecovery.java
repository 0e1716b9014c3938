package org.dosewarden.channel;

import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalException;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.SafetyCore;
import org.dosewarden.safety.SafetySettings;

/**
 * Rebuilds a channel from its journal (SR-G2): every {@value ChannelSupervisor#EVENT} record goes through the
 * same pure core again, which gives the state exactly, and every {@value ChannelSupervisor#PROGRAM_ORDER}
 * record gives back the order a session runs, and the after-care records tell which observation prompts were
 * written and answered. Nothing is sent to the pump here: the loop then begins a new
 * epoch with {@link Event.DaemonRecovered}, so an infusion that was running comes back paused with an alarm.
 */
final class JournalRecovery {

    /**
     * What the journal gave back.
     *
     * @param state  the channel's state as the journaled events left it
     * @param events how many events were replayed; 0 for a channel without a history
     */
    record Replayed(ChannelState state, long events) {
    }

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
     * Replays this channel's journal from the first record (the session orders and after-care records are read back
     * with it), telling {@code progress} after every {@value #PROGRESS_EVERY} records read (on the calling thread; it
     * must return at once): a journal of years takes seconds to minutes, and a watchdog must be able to tell such a
     * replay from a stuck loop.
     */
    Replayed replay(Runnable progress) throws JournalException {
        orders.forgetJournaled();
        afterCare.forgetJournaled();
        long[] count = {0};
        ChannelState[] holder = {ChannelState.initial(channel, settings)};
        long[] read = {0};
        journal.forEachAfter(channel, 0, record -> {
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
                }
                case ChannelSupervisor.PROGRAM_ORDER -> orders.replayed(OrderOnRecord.fromJson(record.payload()));
                case AfterCareRecords.OBSERVATION, AfterCareRecords.PROMPT ->
                        afterCare.replayed(record.type(), record.payload());
                default -> {
                }
            }
        });
        return new Replayed(holder[0], count[0]);
    }
}
