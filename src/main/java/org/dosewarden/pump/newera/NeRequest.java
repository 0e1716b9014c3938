package org.dosewarden.pump.newera;

import java.util.Comparator;
import java.util.List;

/**
 * One host-to-pump command: {@code [address] [command] [arguments]}. A request without command is a
 * status query (the heartbeat); a command without arguments is a query; with arguments it is a set.
 *
 * @param target    which pump, or a system command
 * @param command   upper-case command word ({@code DIA}, {@code RAT}, ...), empty for a status query
 * @param arguments argument text exactly as sent (upper-case, no spaces), empty for a query
 */
public record NeRequest(NeTarget target, String command, String arguments) {

    /** Command words of the NE-1000 family (Appendix B); longest match wins when parsing ({@code DIN} vs {@code DIA}). */
    public static final List<String> KNOWN_COMMANDS = List.of(
            "DIA", "PHN", "FUN", "RAT", "VOL", "DIR", "RUN", "PUR", "STP", "DIS", "CLD", "SAF", "LN", "AL",
            "PF", "TRG", "DIN", "ROM", "LOC", "BP", "OUT", "IN", "BUZ", "VER", "ADR", "RESET");

    private static final List<String> BY_LENGTH = KNOWN_COMMANDS.stream()
            .sorted(Comparator.comparingInt(String::length).reversed()).toList();

    public NeRequest {
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c < 'A' || c > 'Z') {
                throw new IllegalArgumentException("command word must be upper-case letters: '" + command + "'");
            }
        }
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                throw new IllegalArgumentException(
                        "arguments must be printable ASCII without spaces: '" + NeFrames.printable(arguments) + "'");
            }
        }
        if (command.isEmpty() && !arguments.isEmpty()) {
            throw new IllegalArgumentException("a status query carries no arguments: '" + arguments + "'");
        }
    }

    /** The empty command to pump {@code address}: answered with the prompt only. */
    public static NeRequest statusQuery(int address) {
        return new NeRequest(new NeTarget.Pump(address), "", "");
    }

    public static NeRequest of(int address, String command, String arguments) {
        return new NeRequest(new NeTarget.Pump(address), command, arguments);
    }

    public static NeRequest of(int address, String command) {
        return of(address, command, "");
    }

    /** A system command such as {@code *ADR} that every pump on the line obeys. */
    public static NeRequest system(String command, String arguments) {
        return new NeRequest(new NeTarget.System(), command, arguments);
    }

    /** The text between the framing. */
    public String payload() {
        return target.wire() + command + arguments;
    }

    public boolean isStatusQuery() {
        return command.isEmpty();
    }

    /** A command without arguments reads a value instead of setting it. */
    public boolean isQuery() {
        return arguments.isEmpty();
    }

    /** True when {@link #command()} is one of {@link #KNOWN_COMMANDS} (or the empty status query). */
    public boolean isKnownCommand() {
        return command.isEmpty() || KNOWN_COMMANDS.contains(command);
    }

    /**
     * Parses a received request payload (the simulator's side). In basic framing the pump removes spaces
     * and control characters and upper-cases the input first; in safe framing the text must already be exact.
     * An unknown command word is returned as is ({@link #isKnownCommand()} false) so the caller can answer {@code ?}.
     *
     * @throws NeFormatException when the text is not a request at all (bad address, no command word, bad bytes)
     */
    public static NeRequest parse(NeFraming framing, String payload) throws NeFormatException {
        String text = framing == NeFraming.BASIC ? normalizeBasic(payload) : payload;
        int i = 0;
        NeTarget target;
        if (text.startsWith("*")) {
            target = new NeTarget.System();
            i = 1;
        } else {
            while (i < text.length() && i < 2 && Character.isDigit(text.charAt(i)) && text.charAt(i) < 0x80) {
                i++;
            }
            target = i == 0 ? new NeTarget.Unaddressed() : new NeTarget.Pump(Integer.parseInt(text.substring(0, i)));
        }
        String body = text.substring(i);
        if (body.isEmpty()) {
            if (target instanceof NeTarget.System) {
                throw new NeFormatException("system prefix '*' without a command");
            }
            return new NeRequest(target, "", "");
        }
        for (String known : BY_LENGTH) {
            if (body.startsWith(known)) {
                return build(target, known, body.substring(known.length()), payload);
            }
        }
        int letters = 0;
        while (letters < body.length() && body.charAt(letters) >= 'A' && body.charAt(letters) <= 'Z') {
            letters++;
        }
        if (letters == 0) {
            throw new NeFormatException("request '" + NeFrames.printable(payload) + "' has no command word after the address");
        }
        return build(target, body.substring(0, letters), body.substring(letters), payload);
    }

    private static NeRequest build(NeTarget target, String command, String args, String raw) throws NeFormatException {
        try {
            return new NeRequest(target, command, args);
        } catch (IllegalArgumentException e) {
            throw new NeFormatException("request '" + NeFrames.printable(raw) + "': " + e.getMessage());
        }
    }

    /** What the pump does to basic-mode input: drop spaces and control characters, upper-case letters. */
    public static String normalizeBasic(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c == 0x7F) {
                continue;
            }
            sb.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        }
        return sb.toString();
    }
}
