package org.dosewarden.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands a reader of README.md is shown, read from the page itself so that a command added, changed or
 * removed there is what the test runs:
 * <ul>
 *   <li>{@link Kind#EXAMPLE}: a line of a fenced code block whose first word is one of our scripts,
 *       {@code dosewarden}, curl or a mosquitto client (continuation lines joined; a trailing {@code # comment}
 *       kept apart, and {@code exit N} in it is the exit code the reader is told to expect). Other lines of
 *       untagged blocks (the source layout) are prose; in a block tagged sh/bash/console every line must be a
 *       command the test knows how to run.</li>
 *   <li>{@link Kind#SYNOPSIS}: a backticked {@code scripts/...} form in a table, with placeholders (FILE, ID,
 *       {@code [optional ...]}); it is checked for being understood, not run against real input.</li>
 * </ul>
 */
public final class ReadmeCommands {

    public enum Kind { EXAMPLE, SYNOPSIS }

    /**
     * One command as the reader sees it.
     *
     * @param line    the README line it starts on (1-based)
     * @param text    the command, continuation lines joined, comment removed
     * @param comment the trailing comment, or empty
     */
    public record Command(Kind kind, int line, String text, String comment) {

        private static final Pattern EXIT = Pattern.compile("\\bexit (\\d+)\\b");

        /** The program: the first word ({@code scripts/demo}, {@code curl} ...). */
        public String program() {
            return text.strip().split("\\s+", 2)[0];
        }

        /** True when the line ends in {@code &}: the reader starts it in the background. */
        public boolean background() {
            return text.strip().endsWith("&");
        }

        /** The exit code the comment announces ({@code # exit 7 the first time ...}), if any. */
        public OptionalInt announcedExit() {
            Matcher m = EXIT.matcher(comment);
            return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
        }

        @Override
        public String toString() {
            return "README.md:" + line + ": " + text;
        }
    }

    private static final Pattern RUNNABLE = Pattern.compile("scripts/[\\w.-]+|dosewarden|curl|mosquitto_sub|mosquitto_pub");
    private static final Set<String> SHELL_TAGS = Set.of("sh", "bash", "shell", "console");
    private static final Pattern TABLE_CODE = Pattern.compile("`(scripts/[^`]+)`");

    private ReadmeCommands() {}

    /** Every command of the page, in page order. */
    public static List<Command> parse(String markdown) {
        List<Command> commands = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        boolean inBlock = false;
        boolean shellBlock = false;
        StringBuilder pending = null;
        int pendingLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().startsWith("```")) {
                inBlock = !inBlock;
                shellBlock = inBlock && SHELL_TAGS.contains(line.strip().substring(3).strip());
                pending = null;
                continue;
            }
            if (inBlock) {
                if (pending == null && line.isBlank()) {
                    continue;
                }
                if (pending == null) {
                    pending = new StringBuilder();
                    pendingLine = i + 1;
                }
                if (line.endsWith("\\")) {
                    pending.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                pending.append(line);
                if (insideQuotes(pending)) {
                    pending.append('\n');  // a quoted argument (curl's JSON body) goes on over several lines
                    continue;
                }
                exampleOf(pending.toString(), pendingLine, shellBlock).ifPresent(commands::add);
                pending = null;
            } else if (line.startsWith("|")) {
                Matcher m = TABLE_CODE.matcher(line);
                while (m.find()) {
                    commands.add(new Command(Kind.SYNOPSIS, i + 1, m.group(1).strip(), ""));
                }
            }
        }
        return commands;
    }

    private static Optional<Command> exampleOf(String joined, int line, boolean shellBlock) {
        int hash = commentStart(joined);
        String text = (hash < 0 ? joined : joined.substring(0, hash)).strip();
        String comment = hash < 0 ? "" : joined.substring(hash + 1).strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String first = text.split("\\s+", 2)[0];
        if (RUNNABLE.matcher(first).matches()) {
            return Optional.of(new Command(Kind.EXAMPLE, line, text, comment));
        }
        if (shellBlock) {
            throw new IllegalArgumentException("README.md:" + line + " shows a command this test does not know how "
                    + "to run: '" + text + "'; teach ReadmeCommands and ReadmeCommandsIT about '" + first + "'");
        }
        return Optional.empty();
    }

    /** True when the text ends inside a single- or double-quoted string. */
    static boolean insideQuotes(CharSequence s) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
                return false;  // the rest is a comment
            }
        }
        return quote != 0;
    }

    /** Index of a {@code #} that starts a shell comment (after whitespace, outside quotes), or -1. */
    static int commentStart(String s) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }
}
