package org.dosewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.dosewarden.Dosewarden;
import org.dosewarden.api.security.DemoUsers;
import org.dosewarden.api.security.PasswordHash;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HashPasswordCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        HashPasswordCommand command = new HashPasswordCommand(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandLine(command).execute(args);
    }

    @Test
    void readsThePasswordFromStdinAndPrintsAHashThatVerifiesIt() {
        assertEquals(0, run("a clinic's password\n", "--iterations", "100000"));
        String printed = out.toString(StandardCharsets.UTF_8).strip();
        PasswordHash hash = PasswordHash.parse(printed);
        assertEquals(100_000, hash.iterations());
        assertTrue(hash.matches("a clinic's password".toCharArray()));
    }

    @Test
    void theDefaultIterationCountIsTheRecommendedOne() {
        assertEquals(0, run("another password"));
        assertEquals(PasswordHash.DEFAULT_ITERATIONS,
                PasswordHash.parse(out.toString(StandardCharsets.UTF_8).strip()).iterations());
    }

    @Test
    void aPasswordOnTheCommandLineIsAUsageError() {
        assertEquals(Dosewarden.EXIT_BAD_INPUT, run("", "secret-password"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void emptyShortOrDemoPasswordsAreRefused() {
        assertEquals(2, run(""));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no password"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, run("\n"));
        assertEquals(2, run("short\n"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("at least 8"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, run(DemoUsers.PASSWORDS.get("demo-clinician") + "\n"));
        assertEquals(2, run("long enough password\n", "--iterations", "1000"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void isRegisteredAsASubcommand() {
        assertTrue(Dosewarden.commandLine().getSubcommands().containsKey("hash-password"));
    }
}
