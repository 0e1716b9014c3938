package org.dosewarden.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dosewarden.readme.ReadmeCommands.Command;
import org.dosewarden.readme.ReadmeCommands.Kind;
import org.dosewarden.testing.DaemonProcess;
import org.dosewarden.testing.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every command README.md shows, as a reader would, in page order, with the packaged jar (an integration
 * test: it runs after {@code mvn package}). The examples run for real against the demo's and the pump
 * simulator's simulated pumps; the table's synopses (with placeholders) must be understood, with {@code --help}.
 * No command may print a JVM warning or "Unknown option", and each exits with 0 or the code its comment
 * announces.
 *
 * <p>What the test changes so that it can run beside other tests: fixed ports of the demo (8080, 1883, 8083)
 * become free ones, {@code /tmp/...} paths lie in a private directory, curl fails on an HTTP error
 * ({@code --fail-with-body}), a subscriber is stopped after its first message, servers run in the background until
 * they are ready, the demo runs at real time rather than ten times fast, and {@code scripts/test}, which is this
 * suite, is only asked for its {@code --help}.
 */
class ReadmeCommandsIT {

    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final Map<Integer, String> DEMO_PORTS = Map.of(8080, "micronaut.server.port",
            1883, "dosewarden.mqtt.embedded.port", 8083, "dosewarden.mqtt.embedded.websocket-port");
    private static final Duration COMMAND_LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path sandbox;

    private final Map<Integer, Integer> ports = new LinkedHashMap<>();
    private final List<Process> background = new ArrayList<>();

    @AfterEach
    void stopBackground() throws InterruptedException {
        for (Process p : background) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    @Test
    @DisplayName("every command shown in README.md runs (examples) or is understood (synopses), without JVM warnings")
    void everyReadmeCommand() throws Exception {
        List<Command> commands = ReadmeCommands.parse(Files.readString(REPO.resolve("README.md")));
        assertTrue(commands.stream().filter(c -> c.kind() == Kind.EXAMPLE).count() >= 5,
                "README.md shows examples: " + commands);
        for (int port : DEMO_PORTS.keySet()) {
            ports.put(port, Ports.free());
        }
        Files.createDirectories(sandbox.resolve("tmp"));
        List<String> ran = new ArrayList<>();
        for (Command c : commands) {
            switch (c.kind()) {
                case SYNOPSIS -> synopsis(c);
                case EXAMPLE -> example(c);
            }
            ran.add(c.toString());
        }
        System.out.println("ran " + ran.size() + " README commands:\n  " + String.join("\n  ", ran));
    }

    private void synopsis(Command c) throws Exception {
        String form = c.text().replace("...", " ").replace("[", " ").replace("]", " ").strip();
        String shell = c.program().equals("scripts/dosewarden") ? form + " --help" : c.program() + " --help";
        Finished f = runToEnd(c, localise(shell));
        assertEquals(0, f.code(), c + "\n" + f);
        assertFalse(f.out().isBlank(), c + ": --help printed nothing");
    }

    private void example(Command c) throws Exception {
        String program = c.program();
        if (program.equals("scripts/test")) {
            Finished f = runToEnd(c, localise("scripts/test --help"));
            assertEquals(0, f.code(), c + "\n" + f);
            return;
        }
        if (program.equals("scripts/demo")) {
            startDemo(c);
            return;
        }
        String shell = localise(c.text());
        if (program.equals("curl")) {
            shell = shell.replaceFirst("^curl ", "curl --fail-with-body --max-time 30 ");
        }
        if (program.equals("mosquitto_sub")) {
            subscribeUntilFirstMessage(c, shell.replaceFirst("^mosquitto_sub ", "mosquitto_sub -W 60 "));
            return;
        }
        if (c.background()) {
            startAndAwaitReady(c, shell.substring(0, shell.lastIndexOf('&')));
            return;
        }
        Finished f = runToEnd(c, shell);
        assertEquals(c.announcedExit().orElse(0), f.code(), c + "\n" + f);
    }

    /** The reader's paths and ports, mapped into this test's private directory and free ports. */
    private String localise(String text) {
        // The reader's /tmp first: the repository itself may lie under /tmp (a fresh clone on a CI runner).
        String s = text.replaceAll("(^|[\\s=])/tmp/", "$1" + Matcher.quoteReplacement(sandbox + "/tmp/"));
        s = s.replaceAll("(^|\\s)scripts/", "$1" + Matcher.quoteReplacement(REPO + "/scripts/"));
        for (Map.Entry<Integer, Integer> p : ports.entrySet()) {
            s = s.replace("127.0.0.1:" + p.getKey(), "127.0.0.1:" + p.getValue())
                    .replaceAll("-p " + p.getKey() + "\\b", "-p " + p.getValue());
        }
        return s;
    }

    private void startDemo(Command c) throws Exception {
        // The demo runs time ten times fast, so its link timeout is 2 s of real time: on a loaded test machine a
        // start-up pause trips it and the walk-through meets a LINK_LOST alarm. Here it runs at real time.
        StringBuilder shell = new StringBuilder(localise(c.text())).append(" --dosewarden.time-factor=1");
        for (Map.Entry<Integer, String> p : DEMO_PORTS.entrySet()) {
            shell.append(" --").append(p.getValue()).append('=').append(ports.get(p.getKey()));
        }
        Process demo = start(shell.toString(), c);
        URI health = URI.create("http://127.0.0.1:" + ports.get(8080) + "/health");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + COMMAND_LIMIT.toNanos();
        while (System.nanoTime() < deadline && demo.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    assertNoWarnings(c, stderrOf(c));
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail(c + ": the demo did not answer " + health + " in " + COMMAND_LIMIT + "\n" + stderrOf(c));
    }

    private void startAndAwaitReady(Command c, String shell) throws Exception {
        Process p = start(shell, c);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + COMMAND_LIMIT.toNanos();
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                if (line.strip().equals("ready")) {
                    assertNoWarnings(c, stderrOf(c));
                    return;
                }
            }
        }
        fail(c + ": started in the background but never printed 'ready'\n" + stderrOf(c));
    }

    private void subscribeUntilFirstMessage(Command c, String shell) throws Exception {
        Process p = start(shell, c);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("dosewarden/"), c + ": first message " + first + "\n"
                    + stderrOf(c));
        }
    }

    private Process start(String shell, Command c) throws IOException {
        ProcessBuilder pb = shellFor(shell, c);
        pb.redirectError(stderrFile(c).toFile());
        Process p = pb.start();
        background.add(p);
        return p;
    }

    private Finished runToEnd(Command c, String shell) throws Exception {
        ProcessBuilder pb = shellFor(shell, c);
        Path out = sandbox.resolve("out-" + c.line() + ".txt");
        pb.redirectOutput(out.toFile()).redirectError(stderrFile(c).toFile());
        Process p = pb.start();
        if (!p.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(c + ": still running after " + COMMAND_LIMIT + "\n" + stderrOf(c));
        }
        Finished f = new Finished(p.exitValue(), Files.readString(out), stderrOf(c));
        assertNoWarnings(c, f.err());
        return f;
    }

    private ProcessBuilder shellFor(String shell, Command c) {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", shell).directory(sandbox.toFile());
        pb.environment().put("DOSEWARDEN_DEMO_DATA", sandbox.resolve("demo-data").toString());
        return pb;
    }

    private Path stderrFile(Command c) {
        return sandbox.resolve("err-" + c.line() + "-" + c.kind() + ".txt");
    }

    private String stderrOf(Command c) {
        try {
            return Files.readString(stderrFile(c));
        } catch (IOException e) {
            return "(no standard error: " + e.getMessage() + ")";
        }
    }

    private static final Pattern JVM_WARNING = Pattern.compile("(?m)^WARNING: .*$");

    private static void assertNoWarnings(Command c, String stderr) {
        Matcher m = JVM_WARNING.matcher(stderr);
        assertFalse(m.find(), () -> c + ": the JVM warned: " + m.group() + "\n" + stderr);
        assertFalse(stderr.contains("Unknown option"), () -> c + ": " + stderr);
    }

    private record Finished(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }
}
