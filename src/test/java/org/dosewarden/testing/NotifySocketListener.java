package org.dosewarden.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for systemd's notify socket: a Unix-domain datagram socket at {@link #path()} that collects every
 * message sent to it (sd_notify's {@code VARIABLE=value} lines, joined with {@code |}).
 *
 * <p>Java has no Unix-domain datagram sockets, so a small Perl program (perl-base is essential in Debian)
 * binds it. Like systemd it releases file descriptors passed with a message, so systemd-notify's barrier
 * completes; unlike systemd it does not check who sent a message.
 */
public final class NotifySocketListener implements AutoCloseable {

    private static final String PROGRAM = String.join("\n",
            "use Socket;",
            "socket(my $s, PF_UNIX, SOCK_DGRAM, 0) or die \"socket: $!\";",
            "unlink $ARGV[0];",
            "bind($s, pack_sockaddr_un($ARGV[0])) or die \"bind $ARGV[0]: $!\";",
            "$| = 1;",
            "print \"listening\\n\";",
            "while (defined(recv($s, my $m, 65536, 0))) { $m =~ s/\\n+$//; $m =~ s/\\n/|/g; print \"$m\\n\"; }");

    private final Process perl;
    private final Path path;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

    private NotifySocketListener(Process perl, Path path) {
        this.perl = perl;
        this.path = path;
    }

    /** Binds a socket at {@code path} and starts collecting. */
    public static NotifySocketListener bind(Path path) throws IOException, InterruptedException {
        Process perl = new ProcessBuilder("perl", "-e", PROGRAM, path.toString()).redirectErrorStream(true).start();
        NotifySocketListener listener = new NotifySocketListener(perl, path);
        BufferedReader out = new BufferedReader(new InputStreamReader(perl.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"listening".equals(first)) {
            perl.destroyForcibly();
            throw new IOException("notify socket listener did not start: " + first);
        }
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    listener.messages.add(line);
                }
            } catch (IOException ended) {
                // the listener was closed
            }
        }, "notify-socket-listener");
        reader.setDaemon(true);
        reader.start();
        return listener;
    }

    public Path path() {
        return path;
    }

    /**
     * The next message other than systemd-notify's {@code BARRIER=1}, or null after {@code limit}.
     */
    public String next(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String m = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null || !m.equals("BARRIER=1")) {
                return m;
            }
        }
    }

    /** Waits up to {@code limit} for a message containing {@code part}; returns the messages seen before it too. */
    public List<String> until(String part, Duration limit) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String m = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m == null) {
                break;
            }
            seen.add(m);
            if (m.contains(part)) {
                return seen;
            }
        }
        throw new AssertionError("no message with '" + part + "' within " + limit + "; got " + seen);
    }

    @Override
    public void close() {
        perl.destroy();
        try {
            perl.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
