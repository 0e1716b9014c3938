package org.dosewarden.sim;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The simulator is a plug-in: production code reaches it only through the transport-provider mechanism
 * ({@code META-INF/services}), so no channel, API or CLI class builds or looks up simulated pumps (issue 16).
 */
class SimArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.dosewarden");

    @Test
    @DisplayName("issue 16: nothing outside sim depends on the simulator; it plugs in as a TransportProvider")
    void nothingOutsideDependsOnTheSimulator() {
        noClasses().that().resideOutsideOfPackage("org.dosewarden.sim..")
                .should().dependOnClassesThat().resideInAPackage("org.dosewarden.sim..")
                .check(PRODUCTION);
    }
}
