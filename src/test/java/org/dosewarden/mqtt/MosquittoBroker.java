package org.dosewarden.mqtt;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dosewarden.testing.MosquittoProcess;
import java.util.concurrent.TimeUnit;
import org.dosewarden.testing.Ports;

/**
 * Test fixture: the real {@code mosquitto} binary on a free 127.0.0.1 port, with a generated password
 * file ({@code mosquitto_passwd -b}) and ACL, persistence in a temporary directory (so persistent
 * sessions and retained messages survive {@link #stop()}/{@link #start()}), stopped by {@link #close()}.
 *
 * <p>Accounts: {@code daemon} may write its tree and read the vitals tree; {@code dashboard} may only read
 * the tree; {@code gateway} may only write vitals; {@code nurse} may only write pause requests (and read
 * their replies).
 */
public final class MosquittoBroker implements AutoCloseable {

    public static final String DAEMON = "daemon";
    public static final String DAEMON_PASSWORD = "daemon-secret";
    public static final String DASHBOARD = "dashboard";
    public static final String DASHBOARD_PASSWORD = "dashboard-secret";
    public static final String GATEWAY = "gateway";
    public static final String GATEWAY_PASSWORD = "gateway-secret";
    public static final String NURSE = "nurse";
    public static final String NURSE_PASSWORD = "nurse-secret";
    /** Vitals topics live outside the device tree, as a monitor gateway would publish them. */
    public static final String VITALS_ROOT = "ward";

    private final int port;
    private final MosquittoProcess process;

    private MosquittoBroker(Path dir, int port, Path config) {
        this.port = port;
        this.process = new MosquittoProcess(dir, port, config);
    }

    /** Writes the configuration for a broker serving {@code topicRoot} and picks a free port; not started yet. */
    public static MosquittoBroker prepare(Path dir, String topicRoot) throws IOException, InterruptedException {
        return prepare(dir, topicRoot, List.of());
    }

    /** As {@link #prepare(Path, String)}, with extra listener lines (e.g. TLS settings). */
    public static MosquittoBroker prepare(Path dir, String topicRoot, List<String> listenerLines)
            throws IOException, InterruptedException {
        int port = Ports.free();
        Path passwd = dir.resolve("passwd");
        Files.deleteIfExists(passwd);
        Files.createFile(passwd);
        MosquittoProcess.addAccount(passwd, DAEMON, DAEMON_PASSWORD);
        MosquittoProcess.addAccount(passwd, DASHBOARD, DASHBOARD_PASSWORD);
        MosquittoProcess.addAccount(passwd, GATEWAY, GATEWAY_PASSWORD);
        MosquittoProcess.addAccount(passwd, NURSE, NURSE_PASSWORD);
        Path acl = dir.resolve("acl");
        Files.writeString(acl, String.join("\n",
                "user " + DAEMON,
                "topic readwrite " + topicRoot + "/#",
                "topic read " + VITALS_ROOT + "/#",
                "",
                "user " + DASHBOARD,
                "topic read " + topicRoot + "/#",
                "",
                "user " + GATEWAY,
                "topic write " + VITALS_ROOT + "/#",
                "",
                "user " + NURSE,
                "topic write " + topicRoot + "/+/pause/request",
                "topic read " + topicRoot + "/+/pause/response",
                ""));
        Path data = Files.createDirectories(dir.resolve("data"));
        List<String> conf = new ArrayList<>();
        conf.add("user root"); // running as root: do not drop to the 'mosquitto' user, who cannot read our files
        conf.add("per_listener_settings false");
        conf.add("listener " + port + " 127.0.0.1");
        conf.addAll(listenerLines);
        conf.add("allow_anonymous false");
        conf.add("password_file " + passwd);
        conf.add("acl_file " + acl);
        conf.add("persistence true");
        conf.add("persistence_location " + data + "/");
        conf.add("log_dest stderr");
        conf.add("log_type error");
        conf.add("log_type warning");
        conf.add("log_type notice");
        conf.add("max_queued_messages 10000");
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n", conf) + "\n");
        return new MosquittoBroker(dir, port, config);
    }

    public static MosquittoBroker start(Path dir, String topicRoot) throws IOException, InterruptedException {
        MosquittoBroker b = prepare(dir, topicRoot);
        b.start();
        return b;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts mosquitto and waits until it accepts connections. */
    public void start() throws IOException, InterruptedException {
        process.start();
    }

    /** Stops mosquitto with SIGTERM (it saves retained messages and persistent sessions) and waits for it. */
    public void stop() throws InterruptedException {
        process.stop();
    }

    String log() throws IOException {
        return process.log();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

}
