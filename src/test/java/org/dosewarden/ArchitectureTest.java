package org.dosewarden;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Dependencies point inward (DESIGN.md "Layout", docs/architecture.md): the pure core (dose, safety) sees nothing
 * of ours outside itself; every shell package may use the core and the clock, and the other shell packages only
 * as {@link #MAY_USE} lists; nothing but the entry point uses the command line; there are no cycles between
 * packages. Every rule must match classes: a package that is renamed or emptied fails here instead of passing
 * unchecked.
 */
class ArchitectureTest {

    private static final String OURS = "org.dosewarden";
    private static final List<String> CORE = List.of("dose", "safety");
    /** Leaf packages every shell package may use: the time source and the one Jackson setup. */
    private static final List<String> LEAVES = List.of("clock", "json");
    private static final List<String> SHELL_BASE = List.of("dose", "safety", "clock", "json");

    /**
     * Which package may use which, besides itself. Keep it in step with docs/architecture.md, which says why for
     * each row.
     */
    static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("dose", List.of());
        MAY_USE.put("safety", List.of("dose"));
        MAY_USE.put("clock", List.of());
        MAY_USE.put("json", List.of());
        MAY_USE.put("journal", SHELL_BASE);
        MAY_USE.put("pump", SHELL_BASE);
        MAY_USE.put("library", SHELL_BASE);
        MAY_USE.put("sim", with(SHELL_BASE, "pump"));
        MAY_USE.put("channel", with(SHELL_BASE, "pump", "journal", "library"));
        MAY_USE.put("gpio", with(SHELL_BASE, "channel"));
        MAY_USE.put("mqtt", with(SHELL_BASE, "channel", "journal"));
        MAY_USE.put("api", with(SHELL_BASE, "channel", "journal", "library", "gpio"));
        MAY_USE.put("web", with(SHELL_BASE, "mqtt"));
        MAY_USE.put("systemd", with(SHELL_BASE, "gpio"));
        MAY_USE.put("cli", List.of("dose", "safety", "clock", "json", "journal", "pump", "library", "sim", "channel",
                "gpio", "mqtt", "api", "web", "systemd"));
    }

    /**
     * Outside libraries stay in the package that adapts them (STYLE.md: tiny transport interfaces, the
     * implementation behind them).
     */
    static final Map<String, List<String>> LIBRARY_ADAPTED_BY = new LinkedHashMap<>();

    static {
        LIBRARY_ADAPTED_BY.put("com.pi4j..", List.of("gpio"));
        LIBRARY_ADAPTED_BY.put("org.eclipse.paho..", List.of("mqtt"));
        LIBRARY_ADAPTED_BY.put("io.moquette..", List.of("mqtt"));
        LIBRARY_ADAPTED_BY.put("org.sqlite..", List.of("journal"));
        LIBRARY_ADAPTED_BY.put("com.fazecast..", List.of("pump", "sim"));
        LIBRARY_ADAPTED_BY.put("io.micronaut.http..", List.of("api", "web"));
        LIBRARY_ADAPTED_BY.put("com.fasterxml.jackson.dataformat..", List.of("json"));
    }

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(OURS);
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    /**
     * The ArchUnit package patterns of a row: the package and its sub-packages. The command line is cli and the
     * entry point, {@code Dosewarden}, the only class of the root package (it registers the commands; the serve
     * command names it as the application's main class).
     */
    private static Stream<String> patterns(String row) {
        return row.equals("cli") ? Stream.of(OURS + ".cli..", OURS) : Stream.of(OURS + "." + row + "..");
    }

    private static String[] patterns(List<String> rows) {
        return rows.stream().flatMap(ArchitectureTest::patterns).toArray(String[]::new);
    }

    private static ArchRule mayUseOnly(String row, List<String> allowed) {
        String[] own = patterns(with(List.of(row), allowed.toArray(String[]::new)));
        return noClasses().that().resideInAnyPackage(patterns(List.of(row)))
                .should().dependOnClassesThat(resideInAPackage(OURS + "..").and(not(resideInAnyPackage(own)))
                        .as("classes of ours outside " + List.of(own)));
    }

    @TestFactory
    @DisplayName("issue 16: each package uses only the packages of ours its row of the table allows")
    Stream<DynamicTest> eachPackageUsesOnlyWhatItsRowAllows() {
        return MAY_USE.entrySet().stream().map(row -> DynamicTest.dynamicTest(
                row.getKey() + " may use " + (row.getValue().isEmpty() ? "nothing of ours" : row.getValue()),
                () -> mayUseOnly(row.getKey(), row.getValue()).check(production)));
    }

    @Test
    @DisplayName("issue 16: every class of ours lives in a package of the table, so every class is checked")
    void everyClassIsInAPackageOfTheTable() {
        classes().that().resideInAPackage(OURS + "..")
                .should().resideInAnyPackage(patterns(List.copyOf(MAY_USE.keySet())))
                .check(production);
    }

    @Test
    @DisplayName("issue 16: no cycles between packages")
    void noCyclesBetweenPackages() {
        // The root package (the entry point alone) is not a slice: it belongs to the command line.
        slices().matching(OURS + ".(*)..").namingSlices("$1").should().beFreeOfCycles().check(production);
    }

    /**
     * The table itself keeps DESIGN.md's arrows: the core's rows are fixed, nothing but the entry point may use
     * the command line, and the permissions have no cycle. Widening a row to excuse a back-arrow fails here.
     */
    @Test
    @DisplayName("issue 16: the table points inward: core rows fixed, nothing uses cli, no cycle in the permissions")
    void theTablePointsInward() {
        assertEquals(List.of(), MAY_USE.get("dose"));
        assertEquals(List.of("dose"), MAY_USE.get("safety"));
        assertEquals(List.of(), MAY_USE.get("clock"));
        assertEquals(List.of(), MAY_USE.get("json"));
        MAY_USE.forEach((row, allowed) -> {
            assertTrue(!allowed.contains("cli"), row + " may not use cli");
            assertTrue(CORE.contains(row) || LEAVES.contains(row) || allowed.containsAll(SHELL_BASE),
                    row + " is a shell package: it may use the core, the clock and the JSON setup");
            assertTrue(MAY_USE.keySet().containsAll(allowed), row + " names a package not in the table: " + allowed);
        });
        Set<String> done = new HashSet<>();
        Set<String> open = new HashSet<>(MAY_USE.keySet());
        while (!open.isEmpty()) {
            List<String> ready = open.stream().filter(r -> done.containsAll(MAY_USE.get(r))).toList();
            assertTrue(!ready.isEmpty(), "the permissions have a cycle among " + open);
            done.addAll(ready);
            ready.forEach(open::remove);
        }
    }

    @TestFactory
    @DisplayName("issue 16: each outside library is used only by the package that adapts it")
    Stream<DynamicTest> eachLibraryStaysInItsAdapter() {
        return LIBRARY_ADAPTED_BY.entrySet().stream().map(e -> DynamicTest.dynamicTest(
                e.getKey() + " only in " + e.getValue(),
                () -> {
                    String[] adapters = patterns(e.getValue());
                    noClasses().that().resideOutsideOfPackages(adapters)
                            .should().dependOnClassesThat().resideInAPackage(e.getKey())
                            .check(production);
                    // No empty match: a row for a library nothing uses any more is stale.
                    assertTrue(production.stream().anyMatch(c -> c.getDirectDependenciesFromSelf().stream()
                                    .anyMatch(d -> resideInAPackage(e.getKey()).test(d.getTargetClass()))),
                            e.getKey() + " is used by none of " + e.getValue() + ": remove its row");
                }));
    }

    /**
     * One JSON setup (issue 16): Jackson mappers are made only in {@code json.JsonMappers}, so every document
     * from outside is read with duplicate-key detection and every document we write has one shape.
     */
    @Test
    @DisplayName("issue 16: Jackson mappers are made only by json.JsonMappers")
    void mappersAreMadeOnlyByTheOneFactory() {
        DescribedPredicate<JavaCall<?>> makesAMapper = DescribedPredicate.describe(
                "a constructor or builder() of an ObjectMapper or a Jackson factory", call -> {
                    var target = call.getTarget();
                    boolean constructor = target.getName().equals("<init>");
                    return (target.getOwner().isAssignableTo(ObjectMapper.class)
                            && (constructor || target.getName().equals("builder")))
                            || (target.getOwner().isAssignableTo(JsonFactory.class) && constructor);
                });
        noClasses().that().resideOutsideOfPackage(OURS + ".json..")
                .should().callCodeUnitWhere(makesAMapper)
                .check(production);
        assertTrue(production.stream().filter(c -> c.getPackageName().equals(OURS + ".json"))
                        .anyMatch(c -> c.getCodeUnitCallsFromSelf().stream().anyMatch(makesAMapper)),
                "json.JsonMappers makes no mapper: the rule above would check nothing");
    }

    /** One YAML parser (issue 16): our code reads YAML through Jackson; snakeyaml is only Micronaut's. */
    @Test
    @DisplayName("issue 16: no class of ours uses snakeyaml directly")
    void noDirectSnakeYaml() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.yaml.snakeyaml..", "org.snakeyaml..")
                .check(production);
    }

    @Test
    void doseDependsOnlyOnJavaAndItself() {
        classes().that().resideInAPackage("org.dosewarden.dose..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.dosewarden.dose..")
                .check(production);
    }

    @Test
    void safetyDependsOnlyOnJavaDoseAndItself() {
        classes().that().resideInAPackage("org.dosewarden.safety..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.dosewarden.dose..", "org.dosewarden.safety..")
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
