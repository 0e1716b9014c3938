package org.dosewarden.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The test tooling's free ports: below the kernel's ephemeral range, never the same one twice in a row. */
class PortsTest {

    @Test
    @DisplayName("test tooling: a free port is below the kernel's ephemeral range, where no outgoing connection can take it, and not handed out twice")
    void freePortsAreBelowTheEphemeralRange() throws Exception {
        int ephemeralStart = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .getFirst().strip().split("\\s+")[0]);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int port = Ports.free();
            assertTrue(port >= 10_000 && port < ephemeralStart, port + " is not in 10000.." + (ephemeralStart - 1));
            seen.add(port);
        }
        assertEquals(20, seen.size(), "ports handed out twice: " + seen);
    }
}
