package org.dosewarden.pump.ultra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.link.SerialTransport;

/**
 * Just enough of an Elite in poll mode, on the far end of a real pty, for tests that need a fault to fall on exactly
 * one reply: prompt {@code :} (idle) or {@code >} (running), {@code irun} and {@code stp} move the motor,
 * {@code nvram} answers none, {@code tvolume} and {@code irate} set and read a target and a rate, the infused counter reads {@code 0 ul} until a
 * run completes, the withdrawn one {@code 0 ul}, anything else its prompt only. A test may script a command's
 * answers: each scripted data line answers one request, in turn, and has no other effect (a scripted {@code irun}
 * does not start the motor); once they are used up the command is answered as above.
 *
 * <p>With {@link #runsToTargetAtOnce(boolean)} an {@code irun} delivers the whole armed target before anyone can ask:
 * the infused counter reads the target and the prompt is {@code T*} (target reached), as a pump with a small
 * stretch armed looks to a driver held up for longer than the stretch takes.
 */
final class ScriptedUltraPeer implements AutoCloseable {

    /** A scripted answer that is no answer: the request goes unanswered, as if lost on the line. */
    static final String SILENCE = "(silence)";
    /** A scripted answer lost on its way back: the request is carried out as unscripted, and goes unanswered. */
    static final String CARRIED_OUT_REPLY_LOST = "(carried out, reply lost)";

    private static final TimeSource TIME = TimeSource.system();

    private final SerialTransport link;
    private final Thread thread;
    private final List<String> received = new ArrayList<>();
    private final Map<String, Deque<String>> scripts = new HashMap<>();
    private final StringBuilder line = new StringBuilder();
    private volatile boolean serving = true;
    private boolean running;
    private boolean runsToTargetAtOnce;
    private boolean targetReached;
    private String target = "";
    private String infused = "0 ul";
    private String rate = "";

    ScriptedUltraPeer(Path pty) throws IOException {
        link = new SerialTransport(pty.toString(), SerialSettings.eightNoneOne(115200), TIME);
        link.open();
        thread = new Thread(this::serve, "scripted-ultra-peer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers the next requests of {@code command} with these data lines, one each, in turn. */
    synchronized void script(String command, String... dataLines) {
        scripts.put(command, new ArrayDeque<>(List.of(dataLines)));
    }

    synchronized void running(boolean motorRuns) {
        running = motorRuns;
    }

    /** Whether {@code irun} completes the armed target at once (see the class comment). */
    synchronized void runsToTargetAtOnce(boolean atOnce) {
        runsToTargetAtOnce = atOnce;
    }

    synchronized boolean running() {
        return running;
    }

    synchronized List<String> received() {
        return List.copyOf(received);
    }

    synchronized long count(String command) {
        return received.stream().filter(command::equals).count();
    }

    private void serve() {
        byte[] buf = new byte[256];
        try {
            while (serving) {
                int n = link.read(buf, 0, buf.length, TIME.monotonicNanos() + 50_000_000L);
                for (int i = 0; i < n; i++) {
                    char c = (char) (buf[i] & 0xFF);
                    if (c == '\r') {
                        String reply = answer(line.toString());
                        line.setLength(0);
                        if (reply != null) {
                            link.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                        }
                    } else {
                        line.append(c);
                    }
                }
            }
        } catch (IOException e) {
            // the test closed the line
        }
    }

    private synchronized String answer(String request) {
        received.add(request);
        Deque<String> scripted = scripts.get(request);
        String data;
        if (scripted != null && !scripted.isEmpty()) {
            data = scripted.poll();
            if (data.equals(SILENCE)) {
                return null;
            }
            if (data.equals(CARRIED_OUT_REPLY_LOST)) {
                carryOut(request);
                return null;
            }
        } else {
            data = carryOut(request);
        }
        String prompt = running ? ">" : targetReached ? "T*" : ":";
        return "\n" + (data == null ? "" : data + "\r\n") + prompt + (char) UltraReply.XON;
    }

    /** What the request does, and its data line (null: the prompt alone). */
    private String carryOut(String request) {
        return switch (request) {
            case "irun" -> {
                targetReached = false;
                if (runsToTargetAtOnce && !target.isEmpty()) {
                    infused = target;
                    targetReached = true;
                } else {
                    running = true;
                }
                yield null;
            }
            case "stp" -> {
                running = false;
                targetReached = false;
                yield null;
            }
            case "nvram" -> "NVRAM: none";
            case "ivolume" -> infused;
            case "wvolume" -> "0 ul";
            case "tvolume" -> target.isEmpty() ? "Target volume not set" : target;
            case "irate" -> rate.isEmpty() ? null : rate;
            default -> {
                if (request.startsWith("irate ")) {
                    rate = request.substring("irate ".length());
                }
                if (request.startsWith("tvolume ")) {
                    target = request.substring("tvolume ".length());
                    targetReached = false;
                }
                yield null;                        // status query, poll on, other settings
            }
        };
    }

    @Override
    public void close() {
        serving = false;
        link.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
