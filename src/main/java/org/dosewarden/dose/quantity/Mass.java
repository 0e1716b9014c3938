package org.dosewarden.dose.quantity;

/**
 * A drug mass held exactly in whole micrograms (µg). Never negative.
 *
 * @param micrograms the mass in µg, {@code >= 0}
 */
public record Mass(long micrograms) implements DrugAmount {

    public static final Mass ZERO = new Mass(0);

    public Mass {
        if (micrograms < 0) {
            throw new IllegalArgumentException("mass must not be negative: " + micrograms + " ug");
        }
    }

    public static Mass ofMilligrams(long mg) {
        return new Mass(Math.multiplyExact(mg, 1000L));
    }

    @Override
    public AmountKind kind() {
        return AmountKind.MASS;
    }

    @Override
    public long baseAmount() {
        return micrograms;
    }

    /** Sum of two masses; a mass plus drug units does not compile. */
    public Mass plus(Mass other) {
        return new Mass(Math.addExact(micrograms, other.micrograms));
    }

    @Override
    public String toString() {
        return display();
    }
}
