package org.dosewarden.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: a site's Mosquitto as docs/site.md describes it, on free 127.0.0.1 ports, with a WebSocket
 * listener for ward screens ({@link WebSocketRelay}, see there why), a password file and the site ACL:
 * each box writes only its own tree (account name = device id), ward screens read, stations read and may write
 * pause requests, the monitor gateway writes vitals. {@link #stop()} and {@link #start()} keep the ports; the
 * broker keeps no retained messages across a restart (persistence off), as after a crash.
 */
public final class SiteBroker implements AutoCloseable {

    public static final String SITE = "clinic";
    public static final String WARD = "ward-screen";
    public static final String WARD_PASSWORD = "ward-screen-secret";
    public static final String STATION = "station-3";
    public static final String STATION_PASSWORD = "station-3-secret";
    public static final String GATEWAY = "gateway";
    public static final String GATEWAY_PASSWORD = "gateway-secret";
    /** An account with rights far too wide (write anywhere on the site): the rogue publisher of the tests. */
    public static final String WIDE = "misconfigured";
    public static final String WIDE_PASSWORD = "misconfigured-secret";

    private final int port;
    private final MosquittoProcess process;
    private final WebSocketRelay relay;

    private SiteBroker(Path dir, int port, Path config) throws InterruptedException {
        this.port = port;
        this.process = new MosquittoProcess(dir, port, config);
        this.relay = WebSocketRelay.start(port);
    }

    /**
     * Writes the configuration for the boxes {@code devices} (their broker password is {@link #boxPassword}),
     * picks free ports and starts the broker.
     */
    public static SiteBroker start(Path dir, List<String> devices) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = Ports.free();
        Path passwd = dir.resolve("passwd");
        Files.deleteIfExists(passwd);
        Files.createFile(passwd);
        for (String d : devices) {
            MosquittoProcess.addAccount(passwd, d, boxPassword(d));
        }
        MosquittoProcess.addAccount(passwd, WARD, WARD_PASSWORD);
        MosquittoProcess.addAccount(passwd, STATION, STATION_PASSWORD);
        MosquittoProcess.addAccount(passwd, GATEWAY, GATEWAY_PASSWORD);
        MosquittoProcess.addAccount(passwd, WIDE, WIDE_PASSWORD);
        Path acl = dir.resolve("acl");
        Files.writeString(acl, acl(SITE) + "\nuser " + WIDE + "\ntopic readwrite dosewarden/" + SITE + "/#\n");
        List<String> conf = new ArrayList<>();
        conf.add("user root"); // running as root: do not drop to the 'mosquitto' user, who cannot read our files
        conf.add("per_listener_settings false");
        conf.add("listener " + port + " 127.0.0.1");
        conf.add("allow_anonymous false");
        conf.add("password_file " + passwd);
        conf.add("acl_file " + acl);
        conf.add("persistence false");
        conf.add("log_dest stderr");
        conf.add("log_type error");
        conf.add("log_type warning");
        conf.add("max_queued_messages 10000");
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n", conf) + "\n");
        SiteBroker b = new SiteBroker(dir, port, config);
        b.start();
        return b;
    }

    /** The site ACL of docs/site.md (boxes, ward screens, stations, the monitor gateway). */
    public static String acl(String site) {
        String root = "dosewarden/" + site;
        return String.join("\n",
                "# every box (account name = its dosewarden.device-id) writes only its own tree",
                "pattern readwrite " + root + "/%u/#",
                "pattern read ward/+/vitals",
                "",
                "user " + WARD,
                "topic read " + root + "/#",
                "",
                "user " + STATION,
                "topic read " + root + "/#",
                "topic write " + root + "/+/+/pause/request",
                "",
                "user " + GATEWAY,
                "topic write ward/+/vitals",
                "");
    }

    /** The broker password of a box's account. */
    public static String boxPassword(String device) {
        return device + "-broker-secret";
    }

    public int port() {
        return port;
    }

    /** tcp:// URL for daemons and test clients. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** ws:// URL of the WebSocket listener for ward screens. */
    public String webSocketUrl() {
        return relay.url();
    }

    public void start() throws IOException, InterruptedException {
        process.start();
    }

    /** Stops mosquitto (SIGTERM) and waits for it. */
    public void stop() throws InterruptedException {
        process.stop();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        relay.close();
    }
}
