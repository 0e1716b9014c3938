package org.dosewarden.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar carries a list of Micronaut's services (src/build/ServiceIndexBuilder.java) so that a start
 * does not scan the jar for them. A service missing from that list would be a bean that silently never exists
 * (the security filter, a controller), so this compares, in JVMs started on the packaged jar alone as the
 * launchers start it, what Micronaut's own entry points load with the list and with its scan
 * (-Ddosewarden.service-index=off): every service type the list holds, every service, in the same order, asked
 * the ways Micronaut asks (SoftServiceLoader for every type, its META-INF/micronaut collector for the types
 * found there: bean definitions, configurations, introspections).
 */
class MicronautServiceIndexIT {

    /** Prints, per service type named, what Micronaut's entry points load: one line per type and way. */
    private static final String PROBE = """
            import io.micronaut.core.io.service.MicronautMetaServiceLoaderUtils;
            import io.micronaut.core.io.service.ServiceDefinition;
            import io.micronaut.core.io.service.SoftServiceLoader;
            import io.micronaut.core.optim.StaticOptimizations;
            import java.util.ArrayList;
            import java.util.List;

            public class Probe {
                public static void main(String[] args) throws Exception {
                    var index = StaticOptimizations.get(SoftServiceLoader.Optimizations.class)
                            .map(SoftServiceLoader.Optimizations::getServiceLoaders).orElse(java.util.Map.of());
                    System.out.println("index " + index.size());
                    if (args.length == 0) {
                        index.keySet().stream().sorted().forEach(t -> System.out.println("type " + t));
                        return;
                    }
                    ClassLoader loader = Probe.class.getClassLoader();
                    var metaTypes = MicronautMetaServiceLoaderUtils.findAllMicronautMetaServices(loader).keySet();
                    for (String name : args) {
                        @SuppressWarnings("unchecked")
                        Class<Object> type = (Class<Object>) Class.forName(name, false, loader);
                        List<String> collected = new ArrayList<>();
                        for (Object s : SoftServiceLoader.load(type, loader).collectAll()) {
                            collected.add(s.getClass().getName());
                        }
                        System.out.println("collectAll " + name + " " + collected);
                        List<String> iterated = new ArrayList<>();
                        for (ServiceDefinition<Object> d : SoftServiceLoader.load(type, loader)) {
                            try {
                                if (d.isPresent()) {
                                    iterated.add(d.load().getClass().getName());
                                }
                            } catch (LinkageError | java.util.ServiceConfigurationError e) {
                                // the scan lists a class whose dependencies are missing; it cannot be made either way
                            }
                        }
                        System.out.println("iterator " + name + " " + iterated);
                        if (metaTypes.contains(name)) {
                            List<String> meta = new ArrayList<>();
                            for (Object s : MicronautMetaServiceLoaderUtils.findMetaMicronautServiceEntries(loader, type, null)) {
                                meta.add(s.getClass().getName());
                            }
                            System.out.println("meta " + name + " " + meta);
                        }
                    }
                }
            }
            """;

    private static Path jar;

    @TempDir
    Path work;

    @BeforeAll
    static void findJar() throws IOException {
        jar = PackagedDaemon.jar().toAbsolutePath();
    }

    @Test
    @DisplayName("Micronaut loads the same services, in the same order, from the jar's service list as by scanning the jar")
    void theListGivesWhatTheScanGives() throws Exception {
        List<String> listed = probe(jar.toString(), List.of(), List.of());
        assertTrue(listed.get(0).startsWith("index ") && Integer.parseInt(listed.get(0).substring(6)) >= 20,
                "the packaged jar's start uses its service list: " + listed);
        List<String> types = listed.stream().filter(l -> l.startsWith("type ")).map(l -> l.substring(5)).toList();
        assertTrue(types.contains("io.micronaut.inject.BeanDefinitionReference"), types.toString());
        assertTrue(types.contains("io.micronaut.context.env.PropertySourceLoader"), types.toString());

        List<String> withList = probe(jar.toString(), List.of(), types);
        List<String> scanned = probe(jar.toString(), List.of("-Ddosewarden.service-index=off"), types);
        assertEquals("index 0", scanned.get(0), "off means Micronaut scans the jar");
        assertEquals(scanned.size(), withList.size(), withList.toString());
        assertTrue(withList.size() > 2 * types.size() + 4, "every type was asked about both ways: " + withList);
        for (int i = 1; i < withList.size(); i++) {
            assertEquals(scanned.get(i), withList.get(i), "line " + i);
        }
        String beans = withList.stream().filter(l -> l.startsWith("meta io.micronaut.inject.BeanDefinitionReference "))
                .findFirst().orElseThrow();
        assertTrue(beans.contains("org.dosewarden.api.security.") && beans.contains("io.micronaut.security.filters."),
                "the application's and Micronaut Security's beans are in it: " + beans);
    }

    @Test
    @DisplayName("the service list steps aside when the jar is not the whole class path")
    void stepsAsideOnALongerClassPath() throws Exception {
        Path other = Files.createDirectories(work.resolve("more"));
        List<String> out = probe(jar + java.io.File.pathSeparator + other, List.of(), List.of());
        assertEquals("index 0", out.get(0), out.toString());
    }

    private List<String> probe(String classPath, List<String> jvmOptions, List<String> types) throws Exception {
        Path source = work.resolve("Probe.java");
        Files.writeString(source, PROBE);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath));
        command.addAll(jvmOptions);
        command.add(source.toString());
        command.addAll(types);
        Path out = work.resolve("probe.out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe ended");
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        return lines.stream().filter(l -> l.startsWith("index ") || l.startsWith("type ") || l.startsWith("collectAll ")
                || l.startsWith("iterator ") || l.startsWith("meta ")).toList();
    }
}
