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

        Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(git.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, git.exitValue(), head);
        assertEquals(head, m.group(2), "the build's commit is the checked-out one");
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
}
