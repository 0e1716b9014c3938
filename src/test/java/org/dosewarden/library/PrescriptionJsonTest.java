package org.dosewarden.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.RateForDuration;
import org.dosewarden.dose.library.RateWithTotal;
import org.dosewarden.dose.library.StepProgram;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wire shape of a prescription, exactly as the issue gives it, and errors that name the field. */
public class PrescriptionJsonTest {

    public static final String HEAD = "{\"patientId\":\"P-001\",\"bed\":\"bay-3\",\"weight\":{\"value\":70,\"unit\":\"kg\"},"
            + "\"drug\":\"ketamine-psych\",\"careArea\":\"psychiatry\",\"concentration\":{\"value\":1,\"unit\":\"mg/mL\"},"
            + "\"prescriber\":\"dr-a\",";

    @Test
    void doseOverDuration() {
        Prescription p = PrescriptionJson.parse(HEAD + "\"dose\":{\"value\":0.5,\"unit\":\"mg/kg\"},\"duration\":\"PT40M\"}");
        assertEquals(new Prescription("P-001", Optional.of("bay-3"), BodyWeight.ofKilograms(70), "ketamine-psych", "psychiatry",
                Concentration.parse("1 mg/mL"), "dr-a", new DoseOverTime(Dose.parse("0.5 mg/kg"), Duration.ofMinutes(40))), p);
    }

    @Test
    void steps() {
        Prescription p = PrescriptionJson.parse(HEAD + "\"steps\":[{\"dose\":{\"value\":0.11,\"unit\":\"mg/kg\"},\"duration\":\"PT2M\"},"
                + "{\"dose\":{\"value\":0.60,\"unit\":\"mg/kg\"},\"duration\":\"PT50M\"}]}");
        StepProgram s = assertInstanceOf(StepProgram.class, p.dosing());
        assertEquals(Dose.parse("0.6 mg/kg"), s.steps().get(1).dose());
        assertEquals(Duration.ofMinutes(2), s.steps().get(0).duration());
    }

    @Test
    void doseRateWithTotalOrDuration() {
        Prescription t = PrescriptionJson.parse(HEAD + "\"doseRate\":{\"value\":0.75,\"unit\":\"mg/kg/h\"},"
                + "\"totalDose\":{\"value\":0.5,\"unit\":\"mg/kg\"}}");
        assertEquals(new RateWithTotal(DoseRate.parse("0.75 mg/kg/h"), Dose.parse("0.5 mg/kg")), t.dosing());
        Prescription d = PrescriptionJson.parse(HEAD + "\"doseRate\":{\"value\":0.5,\"unit\":\"mcg/kg/min\"},\"duration\":\"PT1H\"}");
        assertEquals(new RateForDuration(DoseRate.parse("0.5 ug/kg/min"), Duration.ofHours(1)), d.dosing());
    }

    @Test
    void bedIsOptionalAndWritingThenReadingGivesTheSamePrescription() {
        String noBed = HEAD.replace("\"bed\":\"bay-3\",", "");
        Prescription p = PrescriptionJson.parse(noBed + "\"dose\":{\"value\":0.5,\"unit\":\"mg/kg\"},\"duration\":\"PT40M\"}");
        assertEquals(Optional.empty(), p.bed());
        for (String tail : new String[] {"\"dose\":{\"value\":0.5,\"unit\":\"mg/kg\"},\"duration\":\"PT40M\"}",
                "\"steps\":[{\"dose\":{\"value\":0.11,\"unit\":\"mg/kg\"},\"duration\":\"PT2M\"}]}",
                "\"doseRate\":{\"value\":0.75,\"unit\":\"mg/kg/h\"},\"totalDose\":{\"value\":0.5,\"unit\":\"mg/kg\"}}",
                "\"doseRate\":{\"value\":3,\"unit\":\"[iU]/h\"},\"duration\":\"PT2H\"}"}) {
            Prescription x = PrescriptionJson.parse(HEAD + tail);
            assertEquals(x, PrescriptionJson.parse(PrescriptionJson.toJson(x)));
        }
    }

    @Test
    void numbersAreReadExactly() {
        Prescription p = PrescriptionJson.parse(HEAD.replace("\"value\":70,", "\"value\":70.123,")
                + "\"dose\":{\"value\":0.1,\"unit\":\"mg/kg\"},\"duration\":\"PT40M\"}");
        assertEquals(new BodyWeight(70_123), p.weight());
        assertEquals("0.1 mg/kg", ((DoseOverTime) p.dosing()).dose().display());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"dose\":{\"value\":0.5,\"unit\":\"mg/kg\"},\"duration\":\"PT40M\",\"rate\":1}|rate|unknown field",
        "\"dose\":{\"value\":0.5,\"unit\":\"mg/kg\"}}|dose|is not one of the forms",
        "\"dose\":{\"value\":0.5,\"unit\":\"mg/kg\"},\"duration\":\"PT40M\",\"totalDose\":{\"value\":0.5,\"unit\":\"mg/kg\"}}|dose+duration+totalDose|is not one of the forms",
        "\"dose\":{\"value\":\"0.5\",\"unit\":\"mg/kg\"},\"duration\":\"PT40M\"}|dose.value|must be a JSON number",
        "\"dose\":{\"value\":0.5,\"unit\":\"mgg/kg\"},\"duration\":\"PT40M\"}|dose|unknown dose unit 'mgg/kg'",
        "\"dose\":{\"value\":0.5,\"unit\":\"mg/kg\",\"per\":1},\"duration\":\"PT40M\"}|dose.per|unknown field",
        "\"dose\":{\"value\":0.5,\"unit\":\"mg/kg\"},\"duration\":\"40 minutes\"}|duration|not a number followed by",
        "\"dose\":{\"value\":-0.5,\"unit\":\"mg/kg\"},\"duration\":\"PT40M\"}|dose|must not be negative",
        "\"steps\":[{\"dose\":{\"value\":0.11,\"unit\":\"mg/kg\"},\"duration\":\"PT2M\"},{\"dose\":{\"value\":0.6,\"unit\":\"mg/kg\"}}]}|steps[1].duration|missing",
        "\"steps\":[]}|steps|non-empty array",
        "\"doseRate\":{\"value\":0.75,\"unit\":\"mg/kg\"},\"duration\":\"PT40M\"}|doseRate|unknown dose rate unit 'mg/kg'"})
    void errorsNameTheField(String tail, String field, String message) {
        PrescriptionFormatException e = assertThrows(PrescriptionFormatException.class, () -> PrescriptionJson.parse(HEAD + tail));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aPrescriptionWithoutDosingNamesWhatIsMissing() {
        String noDosing = HEAD.substring(0, HEAD.length() - 1) + "}";
        PrescriptionFormatException e = assertThrows(PrescriptionFormatException.class, () -> PrescriptionJson.parse(noDosing));
        assertEquals("dose", e.field());
        assertTrue(e.getMessage().contains("missing; give one of dose+duration, steps"), e.getMessage());
    }

    @Test
    void missingCommonFieldsAndWrongWeightUnitsNameTheField() {
        String tail = "\"dose\":{\"value\":0.5,\"unit\":\"mg/kg\"},\"duration\":\"PT40M\"}";
        PrescriptionFormatException e = assertThrows(PrescriptionFormatException.class,
                () -> PrescriptionJson.parse(HEAD.replace("\"prescriber\":\"dr-a\",", "") + tail));
        assertEquals("prescriber", e.field());
        PrescriptionFormatException lb = assertThrows(PrescriptionFormatException.class,
                () -> PrescriptionJson.parse(HEAD.replace("\"unit\":\"kg\"", "\"unit\":\"lb\"") + tail));
        assertEquals("weight", lb.field());
        assertTrue(lb.getMessage().contains("'lb'"), lb.getMessage());
        PrescriptionFormatException dup = assertThrows(PrescriptionFormatException.class,
                () -> PrescriptionJson.parse(HEAD + "\"drug\":\"x\"," + tail));
        assertTrue(dup.getMessage().contains("Duplicate field 'drug'"), dup.getMessage());
    }
}
