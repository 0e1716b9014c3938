package org.dosewarden.dose.library;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a drug-library entry asks for around a session besides delivery (SR-O1..O3): the observations a
 * clinician records, when the console prompts for them, and how long the patient is watched after the
 * infusion before the session may close with a discharge sign-off. Which observations exist and what each
 * one's values may be is defined by the library schema; the entry only names them.
 *
 * @param observations    ids of the observations recorded in this entry's sessions, e.g. {@code cadss}, in the
 *                        library's order; empty when none
 * @param prompts         when the console prompts for them, in the library's order; empty when never
 * @param monitoringAfter how long the patient is watched after delivery has ended; zero when the session
 *                        may close at once
 */
public record AfterCare(List<String> observations, List<ObservationPrompt> prompts, Duration monitoringAfter) {

    /** No observations, no prompts, no monitoring: what an entry without these fields gets. */
    public static final AfterCare NONE = new AfterCare(List.of(), List.of(), Duration.ZERO);

    public AfterCare {
        observations = List.copyOf(observations);
        prompts = List.copyOf(prompts);
        Objects.requireNonNull(monitoringAfter, "monitoringAfter");
        if (monitoringAfter.isNegative()) {
            throw new IllegalArgumentException("monitoring after the infusion cannot be negative: " + monitoringAfter);
        }
    }

    /** True when the session is watched after delivery and closes only with a discharge sign-off. */
    public boolean monitors() {
        return !monitoringAfter.isZero();
    }

    /** True when the entry names observation {@code id}. */
    public boolean names(String id) {
        return observations.contains(id);
    }
}
