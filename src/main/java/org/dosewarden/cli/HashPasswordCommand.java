package org.dosewarden.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.dosewarden.api.security.DemoUsers;
import org.dosewarden.api.security.PasswordHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dosewarden hash-password}: reads a password from standard input (never from the command line,
 * where it would end up in shell history and the process list) and prints its PBKDF2 hash for
 * {@code dosewarden.users.<name>.password-hash}.
 *
 * <p>On a terminal it asks twice without echo; otherwise it reads the first line of standard input (so
 * {@code printf '%s\n' "$PW" | dosewarden hash-password} works in provisioning scripts).
 */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = {"Read a password from standard input and print its PBKDF2 hash for "
                + "dosewarden.users.<name>.password-hash.",
                "The password is never taken from the command line. On a terminal it is asked twice without echo."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:hash printed", "2:no password, passwords differ, or too short"})
public final class HashPasswordCommand implements Callable<Integer> {

    /** Shortest password accepted; a clinic may ask for more, nobody may ask for less. */
    public static final int MIN_PASSWORD_LENGTH = 8;

    @Option(names = "--iterations", paramLabel = "N",
            description = "PBKDF2 iterations (default ${DEFAULT-VALUE}; at least " + PasswordHash.MIN_ITERATIONS + ")")
    int iterations = PasswordHash.DEFAULT_ITERATIONS;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean useTerminal;

    /** For picocli: standard streams, and the terminal when there is one. */
    public HashPasswordCommand() {
        this(System.in, System.out, System.err, true);
    }

    /** For tests: explicit streams, never the terminal. */
    public HashPasswordCommand(InputStream in, PrintStream out, PrintStream err) {
        this(in, out, err, false);
    }

    private HashPasswordCommand(InputStream in, PrintStream out, PrintStream err, boolean useTerminal) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.useTerminal = useTerminal;
    }

    @Override
    public Integer call() throws IOException {
        if (iterations < PasswordHash.MIN_ITERATIONS || iterations > PasswordHash.MAX_ITERATIONS) {
            err.println("hash-password: --iterations " + iterations + " is outside " + PasswordHash.MIN_ITERATIONS
                    + ".." + PasswordHash.MAX_ITERATIONS);
            return 2;
        }
        char[] password = null;
        try {
            Console console = useTerminal ? terminal() : null;
            if (console != null) {
                password = console.readPassword("password: ");
                char[] again = console.readPassword("again: ");
                boolean same = password != null && Arrays.equals(password, again);
                if (again != null) {
                    Arrays.fill(again, '\0');
                }
                if (!same) {
                    err.println("hash-password: the two passwords differ; nothing printed");
                    return 2;
                }
            } else {
                password = firstLine(in);
            }
            if (password == null || password.length == 0) {
                err.println("hash-password: no password on standard input");
                return 2;
            }
            if (password.length < MIN_PASSWORD_LENGTH) {
                err.println("hash-password: the password has " + password.length + " characters; at least "
                        + MIN_PASSWORD_LENGTH + " are needed");
                return 2;
            }
            if (DemoUsers.isPublicPassword(new String(password))) {
                err.println("hash-password: that is a published demo password; choose another");
                return 2;
            }
            out.println(PasswordHash.create(password, iterations, new SecureRandom()).encode());
            return 0;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** The first line of {@code in} without its line terminator, or null at end of input. */
    private static char[] firstLine(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        return line == null ? null : line.toCharArray();
    }

    /**
     * The console only when standard input really is a terminal. Since JDK 22 {@link System#console()} is
     * non-null even when input is redirected; {@code Console.isTerminal()} (JDK 22+) tells the two apart, and
     * on JDK 21 a non-null console already means a terminal.
     */
    private static Console terminal() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        try {
            Object terminal = Console.class.getMethod("isTerminal").invoke(console);
            return Boolean.TRUE.equals(terminal) ? console : null;
        } catch (NoSuchMethodException e) {
            return console;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
