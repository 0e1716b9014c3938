package org.dosewarden;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

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

    /**
     * Inside dose the arrows point one way: quantities know nothing of drugs; the library model uses
     * quantities; the planner uses the library; the programming check uses the plan; the lint uses the check.
     */
    @Test
    void doseSubPackagesAreLayered() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("quantity").definedBy("org.dosewarden.dose.quantity..")
                .layer("library").definedBy("org.dosewarden.dose.library..")
                .layer("plan").definedBy("org.dosewarden.dose.plan..")
                .layer("check").definedBy("org.dosewarden.dose.check..")
                .layer("lint").definedBy("org.dosewarden.dose.lint..")
                .whereLayer("lint").mayNotBeAccessedByAnyLayer()
                .whereLayer("check").mayOnlyBeAccessedByLayers("lint")
                .whereLayer("plan").mayOnlyBeAccessedByLayers("check", "lint")
                .whereLayer("library").mayOnlyBeAccessedByLayers("plan", "check", "lint")
                .check(production);
    }

    @Test
    void nothingLivesInTheDoseRootPackage() {
        noClasses().should().resideInAPackage("org.dosewarden.dose").check(production);
    }
}
