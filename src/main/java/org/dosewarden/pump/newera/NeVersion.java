package org.dosewarden.pump.newera;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer to {@code VER}, e.g. {@code NE1000V3.928}.
 *
 * @param model    e.g. {@code NE1000}
 * @param firmware e.g. {@code 3.928}
 */
public record NeVersion(String model, String firmware) {

    private static final Pattern VER = Pattern.compile("^([A-Z]{1,4}\\d{2,5}[A-Z]{0,3})V(\\d{1,3}(?:\\.\\d{1,4}){0,2})$");

    /** The data field as the pump sends it. */
    public String wire() {
        return model + "V" + firmware;
    }

    public static NeVersion parse(String data) throws NeFormatException {
        Matcher m = VER.matcher(data);
        if (!m.matches()) {
            throw new NeFormatException("version '" + NeFrames.printable(data) + "' does not look like NE<model>V<firmware>");
        }
        return new NeVersion(m.group(1), m.group(2));
    }
}
