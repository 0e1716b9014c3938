package org.dosewarden.pump.ultra;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Ultra command: {@code [NN:]command[ arguments]} and CR. The address goes before the command, with a colon,
 * when it is not 0 (PHD ULTRA manual: {@code 12:irat 3.2 ul/min}); an empty command asks for the prompt alone (a
 * status query).
 *
 * @param address   0..99
 * @param command   the command word, lower case ({@code irate}), or empty for a status query
 * @param arguments the arguments, single spaces between them, or empty
 */
public record UltraRequest(int address, String command, String arguments) {

    /** Longest request line accepted by the simulator; the pumps' own limit is not published. */
    public static final int MAX_LINE = 120;

    private static final Pattern WORD = Pattern.compile("[a-z]*");
    private static final Pattern LINE = Pattern.compile("(?:(\\d{1,2}):?)?([A-Za-z]*)(?: +(.*?))? *");

    public UltraRequest {
        if (address < 0 || address > 99) {
            throw new IllegalArgumentException("Ultra pump address must be 0..99, was " + address);
        }
        if (!WORD.matcher(command).matches()) {
            throw new IllegalArgumentException("Ultra command words are lower-case letters: '" + command + "'");
        }
        if (command.isEmpty() && !arguments.isEmpty()) {
            throw new IllegalArgumentException("arguments without a command: '" + arguments + "'");
        }
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("arguments must be printable ASCII: '"
                        + UltraReply.printable(arguments) + "'");
            }
        }
    }

    public static UltraRequest of(int address, String command, String arguments) {
        return new UltraRequest(address, command, arguments);
    }

    /** The status query: nothing but the end of line, answered by the prompt. */
    public static UltraRequest statusQuery(int address) {
        return new UltraRequest(address, "", "");
    }

    /** The command and its arguments as one line, without address: {@code irate 84 ml/hr}. */
    public String text() {
        return arguments.isEmpty() ? command : command + " " + arguments;
    }

    /** The bytes on the wire, CR included. */
    public byte[] encode() {
        String prefix = address == 0 ? "" : String.format("%02d:", address);
        return (prefix + text() + "\r").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Parses a request line as a pump receives it, without its CR: an optional address of one or two digits
     * (with or without the colon, as public drivers send both), the command word (any case), the arguments.
     *
     * @throws UltraFormatException when the line is not a request
     */
    public static UltraRequest parse(String line) throws UltraFormatException {
        if (line.length() > MAX_LINE) {
            throw new UltraFormatException("request longer than " + MAX_LINE + " characters");
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new UltraFormatException("request has a control or non-ASCII byte: '" + UltraReply.printable(line)
                        + "'");
            }
        }
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            throw new UltraFormatException("not an Ultra request: '" + line + "'");
        }
        int address = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        String command = m.group(2).toLowerCase(Locale.ROOT);
        String arguments = m.group(3) == null ? "" : m.group(3).strip().replaceAll(" +", " ");
        if (command.isEmpty() && !arguments.isEmpty()) {
            throw new UltraFormatException("arguments without a command word: '" + line + "'");
        }
        return new UltraRequest(address, command, arguments);
    }
}
