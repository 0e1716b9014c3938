package org.dosewarden.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.library.VitalsProfile;
import org.dosewarden.dose.lint.LintFinding;
import org.junit.jupiter.api.Test;

/** The library shipped in the jar validates, and its only findings are the known gaps of the source library. */
class ShippedLibraryTest {

    @Test
    void shippedLibraryLoadsWithOnlyTheKnownHardLimitGapsFlagged() {
        LibraryReport report = DrugLibraryReader.readDefault();
        assertTrue(report.valid(), report.findings().toString());
        assertEquals(List.of(
                        LintFinding.warning("adult-critical-care/heparin doseRate",
                                "no hard maximum dose rate: a tenfold rate would only need an override"),
                        LintFinding.warning("adult-critical-care/norepinephrine doseRate",
                                "no hard maximum dose rate: a tenfold rate would only need an override")),
                report.findings());
    }

    @Test
    void shippedLibraryHasEveryDrugOfTheClinicalReference() {
        DrugLibrary lib = DrugLibraryReader.readDefault().library().orElseThrow();
        for (String id : List.of("ketamine-psych", "ketamine-anaes", "heparin", "insulin", "propofol", "dexmedetomidine",
                "fentanyl", "midazolam", "norepinephrine", "morphine-pca")) {
            assertEquals(1, lib.entriesWithId(id).size(), id);
        }
        assertTrue(lib.entriesWithId("insulin").getFirst().highAlert());
        assertEquals(VitalsProfile.designedDefault("designed-default", true), lib.vitalsProfile("designed-default").orElseThrow());
        assertEquals("psychiatry", lib.entriesWithId("ketamine-psych").getFirst().careArea());
    }
}
