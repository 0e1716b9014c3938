package org.dosewarden.pump.newera;

/** Whom a request addresses: one pump (0..99), every pump via a system command ({@code *}), or nobody explicit. */
public sealed interface NeTarget {

    /** The address prefix as sent on the wire. */
    String wire();

    /** Pump address 0..99, sent as plain decimal (the pump accepts 1 or 2 digits). */
    record Pump(int address) implements NeTarget {
        public Pump {
            if (address < 0 || address > 99) {
                throw new IllegalArgumentException("New Era pump address must be 0..99, was " + address);
            }
        }

        @Override
        public String wire() {
            return Integer.toString(address);
        }
    }

    /** A system command ({@code *ADR}, {@code *RESET}) that every pump on the line accepts regardless of address. */
    record System() implements NeTarget {
        @Override
        public String wire() {
            return "*";
        }
    }

    /** No address prefix; a single pump treats it as its own (libraries assume address 0). */
    record Unaddressed() implements NeTarget {
        @Override
        public String wire() {
            return "";
        }
    }

    static NeTarget pump(int address) {
        return new Pump(address);
    }

    static NeTarget system() {
        return new System();
    }

    static NeTarget unaddressed() {
        return new Unaddressed();
    }
}
