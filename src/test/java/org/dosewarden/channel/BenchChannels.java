package org.dosewarden.channel;

import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalException;
import org.dosewarden.pump.PumpDriver;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.profile.DeviceProfile;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.SafetySettings;

/**
 * For the benchmarks in {@code org.dosewarden.bench} (test code only): a supervisor built exactly as
 * {@link DaemonChannels} builds one, and the package-private stepping hooks the deterministic tests use
 * ({@link ChannelSupervisor#beginWithoutThread()}, {@link ChannelSupervisor#runCycle()},
 * {@link ChannelSupervisor#recover()}), so a benchmark can drive cycles itself instead of waiting for polls.
 */
public final class BenchChannels {

    private BenchChannels() {
    }

    /**
     * A supervisor for {@code settings} on {@code driver}; the syringe (or diameter) and pump capability come
     * from {@code profile} the way the daemon derives them.
     *
     * @param timeFactor how many times faster than the machine {@code time} runs (1 for real or manual time)
     */
    public static ChannelSupervisor create(ChannelSettings settings, DeviceProfile profile, PumpDriver driver,
                                           Journal journal, TimeSource time, long timeFactor) {
        ChannelSettings valid = settings.validated();
        SyringeDiameter diameter;
        PumpCapability capability;
        if (valid.syringe() != null && !valid.syringe().isBlank()) {
            diameter = profile.requireSyringe(valid.syringe()).diameter();
            capability = profile.capability(valid.syringe());
        } else {
            diameter = new SyringeDiameter(valid.diameterMm());
            capability = profile.capability(diameter, Volume.ofMillilitres(java.math.BigDecimal.valueOf(60)));
        }
        ProgramBuilder programs = new ProgramBuilder(capability, ChannelSupervisor.safetySettingsFor(valid));
        return new ChannelSupervisor(valid, driver, journal, time, timeFactor, programs, diameter);
    }

    /** Recovery from the journal and pump connection on the calling thread; cycles are left to {@link #cycle}. */
    public static void begin(ChannelSupervisor channel) throws JournalException {
        channel.beginWithoutThread();
    }

    /** One supervision cycle on the calling thread: queued intents, one pump poll, one clock tick. */
    public static void cycle(ChannelSupervisor channel) {
        channel.runCycle();
    }

    /** The daemon's start-up replay of this channel's journaled events through the safety core. */
    public static void recover(ChannelSupervisor channel) throws JournalException {
        channel.recover();
    }

    /** After how many journaled events the daemon writes a checkpoint once the channel has no session. */
    public static final int CHECKPOINT_AFTER_EVENTS = DecisionChain.CHECKPOINT_AFTER_EVENTS;

    /** The safety core's settings for a channel, as its supervisor derives them. */
    public static SafetySettings safetySettings(ChannelSettings settings) {
        return ChannelSupervisor.safetySettingsFor(settings);
    }

    /** The channel's core state (read on the thread that steps it). */
    public static ChannelState state(ChannelSupervisor channel) {
        return channel.state();
    }
}
