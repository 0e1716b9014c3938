package org.dosewarden.library;

/** A prescription document that cannot be understood; the message names the field and what was wrong. */
public class PrescriptionFormatException extends IllegalArgumentException {

    private final String field;

    public PrescriptionFormatException(String field, String message) {
        super(field.isEmpty() ? message : "field '" + field + "': " + message);
        this.field = field;
    }

    /** The JSON field at fault, e.g. {@code weight.unit} or {@code steps[1].duration}; empty for the whole document. */
    public String field() {
        return field;
    }
}
