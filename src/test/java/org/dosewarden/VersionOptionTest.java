package org.dosewarden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code dosewarden --version} names the version and the commit the build was made from; every command and
 * subcommand explains itself with {@code --help}.
 */
class VersionOptionTest {

    private static final Pattern FIRST_LINE =
            Pattern.compile("dosewarden (\\S+) \\(commit ([0-9a-f]{12})(\\+local-changes)?\\)");

    @Test
    @DisplayName("--version prints the project version and the checked-out commit")
    void versionAndCommit() throws Exception {
        CommandLine cli = Dosewarden.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--version"));
        String first = out.toString().lines().findFirst().orElse("");
        Matcher m = FIRST_LINE.matcher(first);
        assertTrue(m.matches(), "first line: " + first);
        assertTrue(m.group(1).startsWith("0."), "version " + m.group(1));

        String head = git("rev-parse", "--short=12", "HEAD");
        if (!head.equals(m.group(2))) {
            // A commit made while the suite ran moves HEAD past the commit the build was made from; the build's
            // commit must then still be this checkout's history, never an unknown one.
            assertEquals("", git("merge-base", "--is-ancestor", m.group(2), "HEAD"),
                    "the build's commit " + m.group(2) + " is neither HEAD (" + head + ") nor one of its ancestors");
        }
        assertTrue(out.toString().contains("Java " + Runtime.version()), out.toString());
    }

    @Test
    @DisplayName("every command and subcommand takes --help (README's synopses are checked with it)")
    void everyCommandTakesHelp() {
        java.util.List<String> without = new java.util.ArrayList<>();
        java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>(java.util.List.of(Dosewarden.commandLine()));
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            if (c.getCommandSpec().findOption("--help") == null) {
                without.add(c.getCommandSpec().qualifiedName());
            }
            todo.addAll(c.getSubcommands().values());
        }
        assertEquals(java.util.List.of(), without);
    }

    /** Runs git in the working directory; fails the test with git's output when git exits non-zero. */
    private static String git(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git"));
        command.addAll(java.util.List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(git.waitFor(30, TimeUnit.SECONDS), "git " + String.join(" ", args) + " finished");
        assertEquals(0, git.exitValue(), "git " + String.join(" ", args) + ": " + out);
        return out;
    }
}
