package org.dosewarden.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.micronaut.http.annotation.Body;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Request bodies are parsed one way (issue 16): every endpoint takes its body as text and hands it to
 * {@link RequestBinding}, which reads it strictly into the record the OpenAPI document shows. Nothing else in
 * {@code api} reads JSON, except the few classes that read documents we wrote ourselves or configuration, each
 * named here with the reason.
 */
class RequestBodyArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.dosewarden.api");

    /** Classes of api that read JSON or YAML that is not a request body, and what they read. */
    private static final Map<String, String> READERS_OF_OUR_OWN_DOCUMENTS = Map.of(
            "org.dosewarden.api.TimelineEntry", "journal payloads, written by the channel",
            "org.dosewarden.api.ChannelView", "the loaded program's prescription, as the channel journaled it",
            "org.dosewarden.api.audit.AuditFilter", "the problem document this API itself answered, for the audit entry",
            "org.dosewarden.api.security.UserDirectory", "the users of the daemon's configuration file");

    /** A call that turns text, bytes or a tree into a JSON tree or an object. */
    private static final DescribedPredicate<JavaCall<?>> READS_JSON = DescribedPredicate.describe(
            "a read method of a Jackson ObjectMapper or ObjectReader (readTree, readValue, treeToValue ...)", call -> {
                JavaClass owner = call.getTarget().getOwner();
                String name = call.getTarget().getName();
                return (owner.isAssignableTo(ObjectMapper.class) || owner.isAssignableTo(ObjectReader.class))
                        && (name.startsWith("read") || name.equals("treeToValue") || name.equals("convertValue"));
            });

    @Test
    @DisplayName("issue 16: in api only RequestBinding reads a request body; the other JSON readers read our own documents")
    void onlyTheBindingReadsRequestBodies() {
        Set<String> allowed = new java.util.HashSet<>(List.of(RequestBinding.class.getName()));
        allowed.addAll(READERS_OF_OUR_OWN_DOCUMENTS.keySet());
        READERS_OF_OUR_OWN_DOCUMENTS.keySet().forEach(name -> assertTrue(PRODUCTION.contain(name),
                name + " is gone: take it off the list of readers of our own documents"));
        noClasses().that(DescribedPredicate.describe("are not RequestBinding or a named reader of our own documents",
                        (JavaClass c) -> !allowed.contains(c.getName())
                                && !allowed.contains(c.getName().split("\\$", 2)[0])))
                .should().callCodeUnitWhere(READS_JSON)
                .because("request bodies are parsed one way, by RequestBinding, into documented records")
                .check(PRODUCTION);
        assertTrue(PRODUCTION.get(RequestBinding.class).getCodeUnitCallsFromSelf().stream().anyMatch(READS_JSON::test),
                "RequestBinding reads no JSON: the rule above would check nothing");
    }

    @Test
    @DisplayName("issue 16: every @Body parameter is the raw text, so Micronaut never binds a body around RequestBinding")
    void bodiesAreTakenAsText() {
        List<JavaParameter> bodies = PRODUCTION.stream()
                .flatMap(c -> c.getMethods().stream())
                .flatMap(m -> m.getParameters().stream())
                .filter(p -> p.isAnnotatedWith(Body.class))
                .toList();
        assertTrue(bodies.size() >= 10, "the API takes request bodies; found only " + bodies.size());
        assertEquals(List.of(), bodies.stream().filter(p -> !p.getRawType().isEquivalentTo(String.class))
                .map(p -> p.getOwner().getFullName() + " takes its body as " + p.getRawType().getName()).toList());
    }
}
