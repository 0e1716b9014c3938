package org.dosewarden.dose.check;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.Decimals;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.DurationText;
import org.dosewarden.dose.quantity.Fraction;
import org.dosewarden.dose.quantity.PerTime;

/** How requested values read in the unit of the limit they are checked against (display only, never compared). */
final class LimitText {

    private LimitText() {
    }

    private static BigDecimal kg(BodyWeight w) {
        return BigDecimal.valueOf(w.grams()).movePointLeft(3);
    }

    static Findings.Text<Dose> dose(BodyWeight w) {
        return new Findings.Text<>() {
            @Override
            public String limit(Dose limit) {
                return limit.display();
            }

            @Override
            public String requested(Dose limit, Fraction requested, Fraction limitValue) {
                Fraction v = requested.dividedBy(BigDecimal.valueOf(limit.unit().amount().baseFactor()));
                if (limit.perKg()) {
                    v = v.dividedBy(kg(w));
                }
                return Findings.number(v, Fraction.of(limit.value())) + " " + limit.unit().display();
            }
        };
    }

    static Findings.Text<DoseRate> doseRate(BodyWeight w) {
        return new Findings.Text<>() {
            @Override
            public String limit(DoseRate limit) {
                return limit.display();
            }

            @Override
            public String requested(DoseRate limit, Fraction requested, Fraction limitValue) {
                Fraction v = requested.dividedBy(BigDecimal.valueOf(limit.unit().amount().baseFactor()));
                if (limit.perKg()) {
                    v = v.dividedBy(kg(w));
                }
                if (limit.unit().time() == PerTime.MINUTE) {
                    v = v.dividedBy(BigDecimal.valueOf(60));
                }
                return Findings.number(v, Fraction.of(limit.value())) + " " + limit.unit().display();
            }
        };
    }

    static final Findings.Text<Concentration> CONCENTRATION = new Findings.Text<>() {
        @Override
        public String limit(Concentration limit) {
            return limit.display();
        }

        @Override
        public String requested(Concentration limit, Fraction requested, Fraction limitValue) {
            Fraction v = requested.dividedBy(BigDecimal.valueOf(limit.unit().amount().baseFactor()));
            return Findings.number(v, Fraction.of(limit.value())) + " " + limit.unit().display();
        }
    };

    static final Findings.Text<BodyWeight> WEIGHT = new Findings.Text<>() {
        @Override
        public String limit(BodyWeight limit) {
            return limit.toString();
        }

        @Override
        public String requested(BodyWeight limit, Fraction requested, Fraction limitValue) {
            return Findings.number(requested.dividedBy(BigDecimal.valueOf(1000)), Fraction.of(limit.kilograms())) + " kg";
        }
    };

    static final Findings.Text<Duration> DURATION = new Findings.Text<>() {
        @Override
        public String limit(Duration limit) {
            return DurationText.display(limit);
        }

        @Override
        public String requested(Duration limit, Fraction requested, Fraction limitValue) {
            if (requested.signum() <= 0) {
                return "0 s";
            }
            BigDecimal seconds = requested.toDecimal(0, RoundingMode.DOWN);
            if (Fraction.of(seconds).compareTo(requested) == 0) {
                return DurationText.display(Duration.ofSeconds(seconds.longValueExact()));
            }
            return Findings.number(requested.dividedBy(BigDecimal.valueOf(60)),
                    limitValue.dividedBy(BigDecimal.valueOf(60))) + " min";
        }
    };

    static final Findings.Text<Integer> COUNT = new Findings.Text<>() {
        @Override
        public String limit(Integer limit) {
            return String.valueOf(limit);
        }

        @Override
        public String requested(Integer limit, Fraction requested, Fraction limitValue) {
            return Decimals.format(requested.toDecimal(0, RoundingMode.DOWN));
        }
    };

    /** µL/h as "52.5 mL/h". */
    static String flow(Fraction microlitresPerHour, Fraction limit) {
        return Findings.number(microlitresPerHour.dividedBy(BigDecimal.valueOf(1000)),
                limit.dividedBy(BigDecimal.valueOf(1000))) + " mL/h";
    }

    /** µL as "35 mL". */
    static String volume(Fraction microlitres, Fraction limit) {
        return Findings.number(microlitres.dividedBy(BigDecimal.valueOf(1000)), limit.dividedBy(BigDecimal.valueOf(1000)))
                + " mL";
    }
}
