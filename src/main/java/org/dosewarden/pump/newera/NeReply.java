package org.dosewarden.pump.newera;

import java.util.Optional;

/**
 * One pump-to-host reply: {@code address(2 digits) status [data | ?error]}, where status is a prompt
 * character or an alarm {@code A?x}. The same record is produced by the host's parser and by the
 * simulator before encoding, so both sides agree byte for byte.
 */
public sealed interface NeReply {

    /** The replying pump's address, 0..99 (always two digits on the wire). */
    int address();

    /** The reply text between the framing, e.g. {@code 00S26.59}. */
    String payload();

    /**
     * The pump executed the command (or answered a query): prompt plus optional data.
     *
     * @param data the query answer ({@code 26.59}, {@code 10.00MH}, {@code I1.200W0.000ML}), empty for a set
     */
    record Prompt(int address, NeStatus status, String data) implements NeReply {
        public Prompt {
            checkAddress(address);
            checkData(data);
            if (data.startsWith("?")) {
                throw new IllegalArgumentException("a prompt's data must not start with '?': use Refused for errors");
            }
        }

        @Override
        public String payload() {
            return twoDigits(address) + status.code() + data;
        }
    }

    /**
     * An alarm in place of the prompt. When it answers a command, that command was <b>not executed</b>
     * (the answer acknowledges the alarm); in safe mode it may also arrive unsolicited.
     *
     * @param data whatever followed the alarm on the wire, normally empty
     */
    record Alarm(int address, NeAlarm alarm, String data) implements NeReply {
        public Alarm {
            checkAddress(address);
            checkData(data);
        }

        public Alarm(int address, NeAlarm alarm) {
            this(address, alarm, "");
        }

        @Override
        public String payload() {
            return twoDigits(address) + "A?" + alarm.code() + data;
        }
    }

    /** The pump refused the command: prompt plus a command error. */
    record Refused(int address, NeStatus status, NeError error) implements NeReply {
        public Refused {
            checkAddress(address);
        }

        @Override
        public String payload() {
            return twoDigits(address) + status.code() + error.wire();
        }
    }

    /** Parses a reply payload. */
    static NeReply parse(String payload) throws NeFormatException {
        if (payload.length() < 3) {
            throw new NeFormatException("reply '" + NeFrames.printable(payload) + "' is shorter than address + status");
        }
        char a0 = payload.charAt(0);
        char a1 = payload.charAt(1);
        if (a0 < '0' || a0 > '9' || a1 < '0' || a1 > '9') {
            throw new NeFormatException("reply '" + NeFrames.printable(payload) + "' does not start with a 2-digit address");
        }
        int address = (a0 - '0') * 10 + (a1 - '0');
        for (int i = 2; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                throw new NeFormatException("reply '" + NeFrames.printable(payload) + "' has a non-printable byte at " + i);
            }
        }
        char s = payload.charAt(2);
        if (s == 'A') {
            if (payload.length() < 5 || payload.charAt(3) != '?') {
                throw new NeFormatException("reply '" + payload + "' has a truncated alarm (expected A?x)");
            }
            Optional<NeAlarm> alarm = NeAlarm.ofCode(payload.charAt(4));
            if (alarm.isEmpty()) {
                throw new NeFormatException("reply '" + payload + "' has unknown alarm code '" + payload.charAt(4)
                        + "' (known: R S T E O)");
            }
            return new Alarm(address, alarm.get(), payload.substring(5));
        }
        Optional<NeStatus> status = NeStatus.ofCode(s);
        if (status.isEmpty()) {
            throw new NeFormatException("reply '" + payload + "' has unknown status '" + s + "' (known: I W S P T U X, A?x)");
        }
        String data = payload.substring(3);
        if (data.startsWith("?")) {
            Optional<NeError> error = NeError.ofData(data);
            if (error.isEmpty()) {
                throw new NeFormatException("reply '" + payload + "' has unknown command error '" + data
                        + "' (known: ? ?NA ?OOR ?COM ?IGN)");
            }
            return new Refused(address, status.get(), error.get());
        }
        return new Prompt(address, status.get(), data);
    }

    /** {@link #parse} without the exception, for stream consumers that just skip malformed replies. */
    static Optional<NeReply> tryParse(String payload) {
        try {
            return Optional.of(parse(payload));
        } catch (NeFormatException e) {
            return Optional.empty();
        }
    }

    private static void checkAddress(int address) {
        if (address < 0 || address > 99) {
            throw new IllegalArgumentException("reply address must be 0..99, was " + address);
        }
    }

    private static void checkData(String data) {
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                throw new IllegalArgumentException("reply data must be printable ASCII: '" + NeFrames.printable(data) + "'");
            }
        }
    }

    private static String twoDigits(int address) {
        return address < 10 ? "0" + address : Integer.toString(address);
    }
}
