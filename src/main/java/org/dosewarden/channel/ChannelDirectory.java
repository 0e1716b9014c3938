package org.dosewarden.channel;

import java.util.List;
import java.util.Optional;

/**
 * The configured pump channels, as the shell's front ends (HTTP API, MQTT commands, GPIO) see them.
 * This is a port: the supervision layer implements it, the front ends only call it. It carries no
 * framework types so any front end, and any test, can use it.
 *
 * <p>Implementations are thread-safe: HTTP request threads call them concurrently.
 */
public interface ChannelDirectory {

    /**
     * Every configured channel, enabled or not, in configuration order. A channel whose configuration is
     * invalid is listed too (its snapshot says why it is disabled), so an operator sees it.
     */
    List<ChannelHandle> channels();

    /** The channel called {@code name} (case-sensitive, as configured under {@code dosewarden.channels}). */
    Optional<ChannelHandle> find(String name);

    /**
     * The infusion sessions of one patient across every channel, oldest first, as recorded in the
     * journal (course history, SR-K1). Empty when the patient has none. Never blocks on a channel thread.
     */
    List<SessionSummary> sessionsOf(String patientId);

    /**
     * A session and its channel's journal records (its timeline), or empty when the journal has no session
     * {@code sessionId}. Never blocks on a channel thread.
     */
    Optional<SessionRecords> sessionRecords(String sessionId);
}
