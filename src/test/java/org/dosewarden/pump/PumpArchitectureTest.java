package org.dosewarden.pump;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The pump link does not know the simulator (it plugs in through TransportProvider) nor the shell above it, and
 * the port package ({@code org.dosewarden.pump}) knows none of its implementations: codecs, drivers, transports,
 * profiles and their wiring depend on the port, never the other way round.
 */
class PumpArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.dosewarden.pump");

    @Test
    void pumpDoesNotImportTheSimulatorOrTheShell() {
        noClasses().that().resideInAPackage("org.dosewarden.pump..")
                .should().dependOnClassesThat().resideInAnyPackage("org.dosewarden.sim..", "org.dosewarden.channel..",
                        "org.dosewarden.api..", "org.dosewarden.mqtt..", "org.dosewarden.journal..",
                        "org.dosewarden.gpio..", "io.micronaut..")
                .check(PRODUCTION);
    }

    @Test
    @DisplayName("issue 16: the pump port package imports none of its implementations (no back-arrows)")
    void thePortKnowsNoImplementation() {
        noClasses().that().resideInAPackage("org.dosewarden.pump")
                .should().dependOnClassesThat().resideInAPackage("org.dosewarden.pump.*..")
                .check(PRODUCTION);
    }

    @Test
    @DisplayName("issue 17: device profiles are family-neutral data; each family checks its own through FamilyRules")
    void profilesKnowNoFamily() {
        noClasses().that().resideInAPackage("org.dosewarden.pump.profile..")
                .should().dependOnClassesThat().resideInAnyPackage("org.dosewarden.pump.newera..",
                        "org.dosewarden.pump.ultra..", "org.dosewarden.pump.link..", "org.dosewarden.pump.wiring..")
                .check(PRODUCTION);
    }

    @Test
    @DisplayName("issue 17: what drivers share (pump.line) knows no family")
    void sharedDriverPartsKnowNoFamily() {
        noClasses().that().resideInAPackage("org.dosewarden.pump.line..")
                .should().dependOnClassesThat().resideInAnyPackage("org.dosewarden.pump.newera..",
                        "org.dosewarden.pump.ultra..", "org.dosewarden.pump.profile..", "org.dosewarden.pump.wiring..")
                .check(PRODUCTION);
    }

    @Test
    void theNewEraCodecIsPure() {
        noClasses().that().resideInAPackage("org.dosewarden.pump.newera..")
                .and().haveSimpleNameNotStartingWith("NeDriver")
                .should().dependOnClassesThat().resideInAnyPackage("com.fazecast..", "java.net..", "java.nio.file..",
                        "org.slf4j..")
                .check(PRODUCTION);
    }
}
