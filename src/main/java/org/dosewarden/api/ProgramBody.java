package org.dosewarden.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.library.PrescriptionFormatException;
import org.dosewarden.library.PrescriptionJson;

/**
 * The body of {@code PUT .../program}, read one way: bound to {@link ProgramController.ProgramRequest} (the record
 * the OpenAPI document shows, {@link RequestBinding}), then the prescription part handed to the one prescription
 * parser, {@link PrescriptionJson}, for what a record cannot say (exactly one dosing form, UCUM units, ISO-8601
 * durations, the domain's ranges). Every error is a 400 naming the field; never a 5xx.
 *
 * @param prescription the prescription as the dosing domain reads it
 * @param overrides    soft limits the clinician overrides, each with a reason
 */
record ProgramBody(Prescription prescription, List<LimitOverride> overrides) {

    ProgramBody {
        overrides = List.copyOf(overrides);
    }

    static ProgramBody parse(String body) {
        ObjectNode tree = RequestBinding.read(body);
        ProgramController.ProgramRequest request = RequestBinding.bind(tree, ProgramController.ProgramRequest.class);
        tree.remove("overrides");
        return new ProgramBody(prescription(tree), ChannelController.overrides(request.overrides()));
    }

    /** The dosing domain's parser; its errors name the field. Never a 5xx for a bad value. */
    private static Prescription prescription(ObjectNode tree) {
        try {
            return PrescriptionJson.parse(tree);
        } catch (PrescriptionFormatException e) {
            String field = e.field().isEmpty() ? "body" : e.field();
            String prefix = "field '" + e.field() + "': ";
            String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            throw ApiProblem.badField(field, message);
        } catch (IllegalArgumentException | ArithmeticException e) {
            // A value the domain types reject (negative weight, unit mismatch ...) that the parser did not
            // attribute to a field.
            throw ApiProblem.badField("body", e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }
}
