package org.dosewarden.pump.ultra;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Ultra reply: the data lines and the prompt, from the pump at {@code address}.
 *
 * <p>Wire form: a line feed, each data line followed by CR LF, then the prompt, preceded by the pump's two-digit
 * address when that is not 0, and followed by XON ({@code 0x11}) when the pump is in poll mode:
 * <pre>  \n199.49 ul/min\r\n:     \nPump address set to 2\r\n02:     \n&gt;\u0011</pre>
 * Data lines are printable ASCII; anything else means the reply was damaged on the line.
 *
 * @param address 0..99 (0 when the prompt carries no address)
 * @param prompt  the pump's state
 * @param lines   the data lines, in order (none for a plain prompt)
 */
public record UltraReply(int address, UltraPrompt prompt, List<String> lines) {

    /** XON, which ends a reply in poll mode. */
    public static final byte XON = 0x11;
    /** Longest data line accepted; longer ones are line noise or another protocol. */
    public static final int MAX_LINE = 120;
    /** Most data lines accepted in one reply. */
    public static final int MAX_LINES = 24;

    private static final Pattern PROMPT_LINE = Pattern.compile("(\\d{2})?(T\\*|[:<>*])");

    public UltraReply {
        if (address < 0 || address > 99) {
            throw new IllegalArgumentException("Ultra pump address must be 0..99, was " + address);
        }
        lines = List.copyOf(lines);
    }

    /** A reply without data lines. */
    public static UltraReply prompt(int address, UltraPrompt prompt) {
        return new UltraReply(address, prompt, List.of());
    }

    /** The error this reply reports, if its first line is one. */
    public Optional<UltraError> error() {
        return lines.isEmpty() ? Optional.empty() : UltraError.ofLine(lines.getFirst());
    }

    /** The first data line, or empty text when there is none. */
    public String firstLine() {
        return lines.isEmpty() ? "" : lines.getFirst();
    }

    /** The reply as the pump sends it; with {@code pollMode} it ends in XON. */
    public byte[] encode(boolean pollMode) {
        StringBuilder sb = new StringBuilder("\n");
        for (String line : lines) {
            sb.append(line).append("\r\n");
        }
        if (address != 0) {
            sb.append(String.format("%02d", address));
        }
        sb.append(prompt.wire());
        if (pollMode) {
            sb.append((char) XON);
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Parses the text of one reply without its XON: a line feed, data lines ending in CR LF, the prompt line.
     *
     * @throws UltraFormatException naming what does not fit the grammar
     */
    public static UltraReply parse(String text) throws UltraFormatException {
        if (text.isEmpty() || text.charAt(0) != '\n') {
            throw new UltraFormatException("reply does not start with a line feed: '" + printable(text) + "'");
        }
        String[] parts = text.substring(1).split("\r\n", -1);
        if (parts.length - 1 > MAX_LINES) {
            throw new UltraFormatException("reply has " + (parts.length - 1) + " lines, more than " + MAX_LINES);
        }
        List<String> lines = new ArrayList<>(parts.length - 1);
        for (int i = 0; i < parts.length - 1; i++) {
            String line = parts[i];
            if (line.length() > MAX_LINE) {
                throw new UltraFormatException("reply line longer than " + MAX_LINE + " characters");
            }
            for (int k = 0; k < line.length(); k++) {
                char c = line.charAt(k);
                if (c < 0x20 || c > 0x7E) {
                    throw new UltraFormatException("reply line has a control or non-ASCII byte: '" + printable(line) + "'");
                }
            }
            lines.add(line);
        }
        Matcher m = PROMPT_LINE.matcher(parts[parts.length - 1]);
        if (!m.matches()) {
            throw new UltraFormatException("reply does not end in a prompt: '" + printable(parts[parts.length - 1]) + "'");
        }
        int address = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        UltraPrompt prompt = UltraPrompt.ofWire(m.group(2)).orElseThrow();
        return new UltraReply(address, prompt, lines);
    }

    /** Control and non-ASCII bytes as {@code <0x0d>}, for logs and messages. */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 160; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c <= 0x7E) {
                sb.append(c);
            } else {
                sb.append(String.format("<0x%02x>", (int) c));
            }
        }
        return s.length() > 160 ? sb + "..." : sb.toString();
    }
}
