package org.dosewarden.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Tells systemd how the daemon is doing, as sd_notify(3) does: {@code READY=1} once it serves, {@code WATCHDOG=1}
 * as keep-alive, {@code STATUS=...} for {@code systemctl status}, {@code STOPPING=1} on the way out.
 *
 * <p>Why a child process. The service manager listens on a Unix-domain <em>datagram</em> socket
 * ({@code $NOTIFY_SOCKET}); Java 21 opens Unix-domain stream sockets but not datagram ones
 * ({@code DatagramChannel.open(StandardProtocolFamily.UNIX)} throws "Protocol family not supported"), and the
 * daemon carries no native code of its own. So each message is sent by {@code systemd-notify}, which ships with
 * systemd wherever systemd runs the daemon. It waits (its "barrier") until the manager has read the message, so
 * a message is not lost because its sender exited first; the unit therefore says {@code NotifyAccess=all}.
 * A message takes a few milliseconds; the daemon sends one every few seconds.
 */
public final class ServiceManagerNotifier {

    /** How long one message may take, barrier included, before it counts as failed. */
    static final Duration SEND_LIMIT = Duration.ofSeconds(10);

    private final String notifySocket;
    private final List<String> command;

    ServiceManagerNotifier(String notifySocket, List<String> command) {
        this.notifySocket = notifySocket;
        this.command = List.copyOf(command);
    }

    /**
     * The notifier for this process when systemd started it with a notify socket ({@code Type=notify}), else
     * empty (run by hand, in tests, under another supervisor).
     *
     * @param environment the process environment ({@code NOTIFY_SOCKET})
     * @param program     the systemd-notify program: a path, or a name looked up on {@code PATH}
     */
    public static Optional<ServiceManagerNotifier> fromEnvironment(Map<String, String> environment, String program) {
        String socket = environment.get("NOTIFY_SOCKET");
        if (socket == null || socket.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ServiceManagerNotifier(socket, List.of(resolve(program, environment))));
    }

    /**
     * The watchdog interval systemd expects keep-alives within ({@code WatchdogSec=}, passed as
     * {@code WATCHDOG_USEC}), when it is meant for this process ({@code WATCHDOG_PID} unset or ours).
     */
    public static Optional<Duration> watchdogInterval(Map<String, String> environment, long ownPid) {
        String usec = environment.get("WATCHDOG_USEC");
        String pid = environment.get("WATCHDOG_PID");
        if (usec == null || pid != null && !pid.equals(Long.toString(ownPid))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec.strip());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1_000)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The socket messages go to ({@code $NOTIFY_SOCKET}). */
    public String socket() {
        return notifySocket;
    }

    /**
     * Sends one message of {@code VARIABLE=value} assignments and waits until the service manager has it.
     *
     * @throws IOException when systemd-notify cannot be started, fails, or takes longer than {@link #SEND_LIMIT}
     */
    public void send(String... assignments) throws IOException {
        for (String a : assignments) {
            if (a.indexOf('=') < 1 || a.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("not a one-line VARIABLE=value assignment: '" + a + "'");
            }
        }
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of(assignments));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("NOTIFY_SOCKET", notifySocket);
        Process p = pb.start();
        p.getOutputStream().close();
        try {
            if (!p.waitFor(SEND_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("systemd-notify " + String.join(" ", assignments) + " took longer than "
                        + SEND_LIMIT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending " + String.join(" ", assignments), e);
        }
        if (p.exitValue() != 0) {
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            throw new IOException("systemd-notify " + String.join(" ", assignments) + " failed (exit "
                    + p.exitValue() + "): " + said);
        }
    }

    private static String resolve(String program, Map<String, String> environment) {
        if (program.contains("/")) {
            return program;
        }
        String path = environment.getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return program;
    }
}
