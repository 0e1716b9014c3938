package org.dosewarden;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pure core (dose, safety) sees nothing but java.* and, for safety, dose (DESIGN.md "Layout"). */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.dosewarden");
    }

    @Test
    void doseDependsOnlyOnJavaAndItself() {
        classes().that().resideInAPackage("org.dosewarden.dose..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.dosewarden.dose..")
                .allowEmptyShould(true)
                .check(production);
    }

    @Test
    void safetyDependsOnlyOnJavaDoseAndItself() {
        classes().that().resideInAPackage("org.dosewarden.safety..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.dosewarden.dose..", "org.dosewarden.safety..")
                .allowEmptyShould(true)
                .check(production);
    }

    @Test
    void onlyTheGpioPackageTouchesPi4j() {
        noClasses().that().resideOutsideOfPackage("org.dosewarden.gpio..")
                .should().dependOnClassesThat().resideInAPackage("com.pi4j..")
                .check(production);
    }

    @Test
    void theCoreDoesNotReachOutward() {
        noClasses().that().resideInAnyPackage("org.dosewarden.dose..", "org.dosewarden.safety..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.dosewarden.pump..", "org.dosewarden.sim..", "org.dosewarden.channel..",
                        "org.dosewarden.journal..", "org.dosewarden.mqtt..", "org.dosewarden.api..",
                        "org.dosewarden.gpio..")
                .allowEmptyShould(true)
                .check(production);
    }
}
