package org.dosewarden.channel;

import org.dosewarden.journal.JournalException;
import org.dosewarden.journal.JournalReader;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.SafetyCore;
import org.dosewarden.safety.SafetySettings;

/**
 * What a channel's journal says, read the way an auditor would: every {@value ChannelSupervisor#EVENT} record
 * of the channel folded through the pure core from the initial state, independently of the process that
 * wrote them (it may be running, or dead).
 */
final class JournalLedger {

    private JournalLedger() {
    }

    /** The channel state the journal holds for {@code channel}, replayed from its first record. */
    static ChannelState replay(JournalReader journal, String channel, SafetySettings settings) throws JournalException {
        ChannelState[] state = {ChannelState.initial(channel, settings)};
        journal.forEachAfter(channel, 0, record -> {
            if (record.type().equals(ChannelSupervisor.EVENT)) {
                state[0] = SafetyCore.decide(state[0], EventJson.read(record.payload())).state();
            }
        });
        return state[0];
    }
}
