package org.dosewarden.dose.quantity;

/**
 * An amount of drug units (international units: heparin, insulin) held exactly in whole milli-units.
 * Never negative.
 *
 * @param milliUnits the amount in milli-units, {@code >= 0}
 */
public record DrugUnits(long milliUnits) implements DrugAmount {

    public static final DrugUnits ZERO = new DrugUnits(0);

    public DrugUnits {
        if (milliUnits < 0) {
            throw new IllegalArgumentException("drug units must not be negative: " + milliUnits + " m[iU]");
        }
    }

    public static DrugUnits ofUnits(long units) {
        return new DrugUnits(Math.multiplyExact(units, 1000L));
    }

    @Override
    public AmountKind kind() {
        return AmountKind.UNITS;
    }

    @Override
    public long baseAmount() {
        return milliUnits;
    }

    /** Sum of two amounts of drug units; drug units plus a mass does not compile. */
    public DrugUnits plus(DrugUnits other) {
        return new DrugUnits(Math.addExact(milliUnits, other.milliUnits));
    }

    @Override
    public String toString() {
        return display();
    }
}
