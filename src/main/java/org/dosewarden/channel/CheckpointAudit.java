package org.dosewarden.channel;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.journal.JournalException;
import org.dosewarden.journal.JournalReader;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.SafetyCore;
import org.dosewarden.safety.SafetySettings;

/**
 * Checks every {@link Checkpoint} against the events it sums up (SR-G2): each channel's
 * {@value ChannelSupervisor#EVENT} records are folded through the core from the first record, and at each checkpoint
 * the fold must have reached exactly the checkpoint's state after exactly its count of events. Run by
 * {@code dosewarden journal verify} after the hash chain.
 *
 * <p>The channel's settings are no event's: a daemon takes them from its configuration when it starts, and a
 * checkpoint carries those in force when it was written. The events up to a checkpoint are therefore folded with the
 * settings that checkpoint carries, as the daemon that wrote it had them: from the first record, or from the
 * checkpoint before, which is where a restart in between began. So the audit reads the journal twice: once for the
 * checkpoints, once for the events. A checkpoint this build cannot read (another format) is counted as passed over,
 * not as broken; the replay then goes on to the next one.
 */
public final class CheckpointAudit {

    /**
     * The result.
     *
     * @param checked     checkpoints found equal to the fold of their events, by channel
     * @param passedOver  checkpoints this build cannot read, with why, by record sequence
     * @param mismatch    the first checkpoint that is not what its events give, if any
     */
    public record Result(Map<String, Integer> checked, Map<Long, String> passedOver, Optional<Mismatch> mismatch) {
        public Result {
            checked = Map.copyOf(checked);
            passedOver = Map.copyOf(passedOver);
            Objects.requireNonNull(mismatch, "mismatch");
        }

        /** Checkpoints found equal to their events, all channels. */
        public int checkedCount() {
            return checked.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * A checkpoint that is not what its events give.
     *
     * @param sequence the checkpoint record's sequence
     * @param channel  its channel
     * @param detail   what differs, in words
     */
    public record Mismatch(long sequence, String channel, String detail) {
    }

    private CheckpointAudit() {
    }

    /** Audits every checkpoint of the journal; reading it twice, from the first record to the last. */
    public static Result audit(JournalReader reader) throws JournalException {
        // The first reading keeps only what the second needs ahead: the settings each checkpoint was written with.
        Map<Long, SafetySettings> settingsAt = new HashMap<>();
        Map<Long, String> passedOver = new TreeMap<>();
        Map<String, List<Long>> byChannel = new HashMap<>();
        reader.forEachAfter(0, record -> {
            if (record.type().equals(Checkpoint.TYPE)) {
                try {
                    settingsAt.put(record.sequence(), Checkpoint.fromJson(record.payload()).state().channelSettings());
                    byChannel.computeIfAbsent(record.channel(), c -> new ArrayList<>()).add(record.sequence());
                } catch (IllegalArgumentException e) {
                    passedOver.put(record.sequence(), e.getMessage());
                }
            }
        });
        Map<String, Fold> folds = new HashMap<>();
        byChannel.forEach((channel, sequences) -> folds.put(channel, new Fold(channel, sequences, settingsAt)));
        Mismatch[] first = {null};
        reader.forEachAfter(0, record -> {
            Fold fold = folds.get(record.channel());
            if (fold == null || fold.done()) {
                return;
            }
            Mismatch m = fold.take(record);
            if (m != null && (first[0] == null || m.sequence() < first[0].sequence())) {
                first[0] = m;
            }
        });
        Map<String, Integer> checked = new TreeMap<>();
        folds.forEach((channel, fold) -> checked.put(channel, fold.checked));
        return new Result(checked, passedOver, Optional.ofNullable(first[0]));
    }

    /** One channel's fold, from its first record to its last readable checkpoint. */
    private static final class Fold {
        private final String channel;
        private final List<Long> checkpoints;
        private final Map<Long, SafetySettings> settingsAt;
        private int next;
        private ChannelState state;
        private long events;
        int checked;
        private boolean broken;

        Fold(String channel, List<Long> checkpoints, Map<Long, SafetySettings> settingsAt) {
            this.channel = channel;
            this.checkpoints = checkpoints;
            this.settingsAt = settingsAt;
            this.state = ChannelState.initial(channel, settingsOfNext());
        }

        boolean done() {
            return broken || next == checkpoints.size();
        }

        private SafetySettings settingsOfNext() {
            return settingsAt.get(checkpoints.get(next));
        }

        Mismatch take(JournalEntry record) {
            if (record.type().equals(ChannelSupervisor.EVENT)) {
                Event event;
                try {
                    event = EventJson.read(record.payload());
                } catch (IllegalArgumentException e) {
                    broken = true;
                    return new Mismatch(record.sequence(), channel, "event record " + record.sequence()
                            + " cannot be read, so the checkpoints after it cannot be checked: " + e.getMessage());
                }
                state = SafetyCore.decide(state, event).state();
                events++;
                return null;
            }
            if (record.sequence() != checkpoints.get(next)) {
                return null;
            }
            String differs = differences(Checkpoint.fromJson(record.payload()));
            if (!differs.isEmpty()) {
                broken = true;
                return new Mismatch(record.sequence(), channel, "checkpoint record " + record.sequence()
                        + " of channel " + channel + " is not what its " + events + " events give: " + differs);
            }
            checked++;
            next++;
            if (!done()) {
                state = state.withChannelSettings(settingsOfNext());
            }
            return null;
        }

        private String differences(Checkpoint checkpoint) {
            List<String> differs = new ArrayList<>();
            if (checkpoint.events() != events) {
                differs.add("it counts " + checkpoint.events() + " events");
            }
            for (RecordComponent component : ChannelState.class.getRecordComponents()) {
                Object written = value(component, checkpoint.state());
                Object folded = value(component, state);
                if (!Objects.equals(written, folded)) {
                    differs.add(component.getName() + " is " + abbreviated(written) + " where the events give "
                            + abbreviated(folded));
                }
            }
            return String.join("; ", differs);
        }

        private static Object value(RecordComponent component, ChannelState state) {
            try {
                return component.getAccessor().invoke(state);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of a channel state", e);
            }
        }

        private static String abbreviated(Object value) {
            String text = String.valueOf(value);
            return text.length() <= 160 ? text : text.substring(0, 157) + "...";
        }
    }
}
