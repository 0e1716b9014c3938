/*
 * Build step, run by the Maven build after the shade plugin has made the jar (pom.xml, execution
 * "service-index"), in Java's source-file mode with that jar as its only class path:
 *
 *     java -cp target/dosewarden-VERSION.jar src/build/ServiceIndexBuilder.java target/dosewarden-VERSION.jar
 *
 * At every start Micronaut finds its services (every bean definition, introspection, type converter, property
 * source loader of the application and of its libraries) by opening the jar as a zip file system, walking
 * META-INF/micronaut/, reading the META-INF/services files, and then making each service through a method
 * handle looked up for its class: about 0.07 s of the main thread before the daemon is ready (docs/
 * benchmarks-footprint.md, eleventh round). Micronaut reads a fixed list instead when one is registered as a
 * static optimization (SoftServiceLoader.Optimizations, what Micronaut AOT generates). This step writes that
 * list for this jar and nothing else:
 *
 *   - the services are the ones Micronaut itself finds in the jar, asked through Micronaut's own scan
 *     (MicronautMetaServiceLoaderUtils) and the META-INF/services files, in the order it finds them; nothing is
 *     filtered out by configuration or by a bean's requirements (unlike Micronaut AOT, which evaluates them at
 *     build time): the beans the daemon makes are decided at run time, as without the list;
 *   - a service whose class is not in the jar, is not public or has no public no-argument constructor is
 *     left out, as Micronaut's scan would skip it at run time;
 *   - the generated class makes each service with a plain constructor call;
 *   - Micronaut asks for services two ways: SoftServiceLoader (META-INF/services and META-INF/micronaut) and
 *     its META-INF/micronaut collector (bean definitions and configurations); both read this one list, so a type
 *     found in both places stops the build (the two ways would answer it differently);
 *   - it applies only when the jar is the whole class path (java -jar, the launchers); otherwise, or with
 *     -Ddosewarden.service-index=off, Micronaut scans as before.
 *
 * The generated class (org.dosewarden.generated.MicronautServiceIndex) and its service entry are added to the
 * jar. MicronautServiceIndexIT compares what Micronaut loads from the packaged jar with and without it.
 */

import io.micronaut.core.io.service.MicronautMetaServiceLoaderUtils;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

public final class ServiceIndexBuilder {

    static final String GENERATED = "org.dosewarden.generated.MicronautServiceIndex";
    static final String LOADER_SERVICE = "META-INF/services/io.micronaut.core.optim.StaticOptimizations$Loader";

    /**
     * Service types Micronaut asks for at every start for which the jar holds no entry. Without an entry, the
     * first such question starts the whole scan of the jar again; with an empty one the answer is the same
     * (nothing), as the jar is the whole class path.
     */
    static final List<String> ASKED_WITHOUT_ENTRIES = List.of("io.micronaut.context.ApplicationContextConfigurer");

    private ServiceIndexBuilder() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ServiceIndexBuilder JAR (the shaded jar, also the class path)");
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        String classPath = System.getProperty("java.class.path");
        if (!Path.of(classPath).toAbsolutePath().equals(jar)) {
            throw new IllegalStateException("the class path must be the jar alone, so that the scan sees what the daemon"
                    + " sees: " + classPath);
        }
        ClassLoader loader = ClassLoader.getSystemClassLoader();
        Map<String, List<String>> services = scan(loader);
        Map<String, List<String>> kept = new LinkedHashMap<>();
        List<String> leftOut = new ArrayList<>();
        int count = 0;
        for (Map.Entry<String, List<String>> type : services.entrySet()) {
            try {
                Class.forName(type.getKey(), false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                leftOut.add(type.getKey() + " (the service type itself is not in the jar: nothing can ask for it)");
                continue;
            }
            List<String> names = new ArrayList<>();
            for (String name : type.getValue()) {
                String why = unusable(loader, name);
                if (why == null) {
                    names.add(name);
                } else {
                    leftOut.add(type.getKey() + ": " + name + " (" + why + "; Micronaut's scan skips it too)");
                }
            }
            kept.put(type.getKey(), names);
            count += names.size();
        }
        if (count < 100 || !kept.containsKey("io.micronaut.inject.BeanDefinitionReference")) {
            throw new IllegalStateException("the scan found " + count + " services, no bean definitions among them: is "
                    + jar + " the shaded jar?");
        }
        Path work = Files.createTempDirectory("service-index");
        try {
            Path source = work.resolve("src/org/dosewarden/generated/MicronautServiceIndex.java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, generate(kept), StandardCharsets.UTF_8);
            Path classes = Files.createDirectories(work.resolve("classes"));
            compile(jar, source, classes);
            addToJar(jar, classes);
        } finally {
            deleteTree(work);
        }
        System.out.printf("service index: %d services of %d types written into %s%n", count, kept.size(),
                jar.getFileName());
        leftOut.forEach(l -> System.out.println("service index: left out: " + l));
    }

    /** Every service type and its implementations, as Micronaut's own scan of the class path lists them. */
    static Map<String, List<String>> scan(ClassLoader loader) throws IOException {
        Map<String, List<String>> types = new LinkedHashMap<>();
        for (String asked : ASKED_WITHOUT_ENTRIES) {
            types.put(asked, new ArrayList<>());
        }
        // META-INF/services files of Micronaut's own service types, read as SoftServiceLoader reads them
        List<String> standardTypes = new ArrayList<>();
        try (FileSystem fs = FileSystems.newFileSystem(Path.of(System.getProperty("java.class.path")))) {
            Path dir = fs.getPath("/META-INF/services");
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("io.micronaut."))
                            .sorted().forEach(standardTypes::add);
                }
            }
        }
        for (String type : standardTypes) {
            List<String> names = new ArrayList<>();
            for (URL url : Collections.list(loader.getResources("META-INF/services/" + type))) {
                // a HashSet per file, filled line by line, as Micronaut's ServiceScanner reads one: its iteration
                // order is the order in which Micronaut makes the services (MicronautServiceIndexIT compares them)
                Set<String> inFile = new HashSet<>();
                try (InputStream in = url.openStream()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n")) {
                        if (line.isEmpty() || line.charAt(0) == '#') {
                            continue;
                        }
                        int hash = line.indexOf('#');
                        inFile.add(hash < 0 ? line : line.substring(0, hash)); // not trimmed, as Micronaut reads it
                    }
                }
                names.addAll(inFile);
            }
            types.computeIfAbsent(type, t -> new ArrayList<>()).addAll(names);
        }
        // META-INF/micronaut/TYPE/IMPLEMENTATION entries: Micronaut's own walk, in its order
        for (Map.Entry<String, Set<String>> meta : MicronautMetaServiceLoaderUtils.findAllMicronautMetaServices(loader)
                .entrySet()) {
            if (types.containsKey(meta.getKey()) && !ASKED_WITHOUT_ENTRIES.contains(meta.getKey())) {
                // Micronaut's two ways of loading (SoftServiceLoader and the META-INF/micronaut collector) answer
                // such a type differently; one list cannot stand for both
                throw new IllegalStateException(meta.getKey() + " has entries in both META-INF/services and"
                        + " META-INF/micronaut; the index does not know which answer Micronaut would give");
            }
            types.put(meta.getKey(), new ArrayList<>(meta.getValue()));
        }
        return types;
    }

    /** Why Micronaut's scan would skip this service at run time, or null when it would make it. */
    static String unusable(ClassLoader loader, String name) {
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return "class not loadable: " + e;
        }
        if (type.getCanonicalName() == null) {
            return "no canonical name";
        }
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return "not public";
            }
        }
        if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
            return "abstract";
        }
        if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            return "inner class";
        }
        try {
            if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
                return "constructor not public";
            }
        } catch (NoSuchMethodException | LinkageError e) {
            return "no public no-argument constructor: " + e;
        }
        return null;
    }

    static String generate(Map<String, List<String>> types) {
        StringBuilder names = new StringBuilder();
        StringBuilder makers = new StringBuilder();
        StringBuilder dispatch = new StringBuilder();
        int t = 0;
        for (Map.Entry<String, List<String>> type : types.entrySet()) {
            names.append("        services.put(\"").append(type.getKey()).append("\", new Services(").append(t)
                    .append(", new String[] {");
            StringBuilder cases = new StringBuilder();
            int i = 0;
            for (String name : type.getValue()) {
                names.append(i == 0 ? "" : ",").append("\n                \"").append(name).append('"');
                cases.append("            case ").append(i).append(" -> new ").append(canonical(name)).append("();\n");
                i++;
            }
            names.append("}));\n");
            dispatch.append("            case ").append(t).append(" -> make").append(t).append("(i);\n");
            makers.append("\n    private static Object make").append(t).append("(int i) {\n");
            if (i == 0) {
                makers.append("        throw new IllegalArgumentException(\"no service \" + i);\n    }\n");
            } else {
                makers.append("        return switch (i) {\n").append(cases)
                        .append("            default -> throw new IllegalArgumentException(\"no service \" + i);\n")
                        .append("        };\n    }\n");
            }
            t++;
        }
        return """
                package org.dosewarden.generated;

                import io.micronaut.core.io.service.SoftServiceLoader;
                import io.micronaut.core.optim.StaticOptimizations;
                import java.io.File;
                import java.util.ArrayList;
                import java.util.HashMap;
                import java.util.List;
                import java.util.Map;
                import java.util.function.Predicate;
                import java.util.stream.Stream;

                /**
                 * Generated by src/build/ServiceIndexBuilder.java from the jar it is in: every service Micronaut finds
                 * in that jar, made by plain constructor calls instead of a scan of the jar and method handles.
                 * Applies only when the jar is the whole class path, and not with -Ddosewarden.service-index=off.
                 */
                @SuppressWarnings({"deprecation", "removal", "rawtypes", "unchecked"})
                public final class MicronautServiceIndex implements StaticOptimizations.Loader<SoftServiceLoader.Optimizations> {

                    @Override
                    public SoftServiceLoader.Optimizations load() {
                        Map<String, SoftServiceLoader.StaticServiceLoader<?>> services = new HashMap<>();
                        if ("off".equals(System.getProperty("dosewarden.service-index"))
                                || System.getProperty("java.class.path", "").contains(File.pathSeparator)) {
                            return new SoftServiceLoader.Optimizations(services);
                        }
                %s        return new SoftServiceLoader.Optimizations(services);
                    }

                    private static final class Services implements SoftServiceLoader.StaticServiceLoader<Object> {
                        private final int type;
                        private final String[] names;

                        Services(int type, String[] names) {
                            this.type = type;
                            this.names = names;
                        }

                        @Override
                        public Stream<SoftServiceLoader.StaticDefinition<Object>> findAll(Predicate<String> condition) {
                            List<SoftServiceLoader.StaticDefinition<Object>> found = new ArrayList<>(names.length);
                            for (int i = 0; i < names.length; i++) {
                                if (condition == null || condition.test(names[i])) {
                                    int index = i;
                                    found.add(SoftServiceLoader.StaticDefinition.of(names[i], () -> make(type, index)));
                                }
                            }
                            return found.stream();
                        }

                        @Override
                        public List<Object> load(Predicate<String> condition, Predicate<Object> predicate) {
                            List<Object> made = new ArrayList<>(names.length);
                            for (int i = 0; i < names.length; i++) {
                                if (condition != null && !condition.test(names[i])) {
                                    continue;
                                }
                                Object service;
                                try {
                                    service = make(type, i);
                                } catch (NoClassDefFoundError e) {
                                    continue; // as Micronaut's scan: a service whose dependencies are missing is skipped
                                }
                                if (predicate == null || predicate.test(service)) {
                                    made.add(service);
                                }
                            }
                            return made;
                        }
                    }

                    private static Object make(int type, int i) {
                        return switch (type) {
                %s            default -> throw new IllegalArgumentException("no service type " + type);
                        };
                    }
                %s}
                """.formatted(names, dispatch, makers);
    }

    private static String canonical(String binaryName) {
        try {
            return Class.forName(binaryName, false, ClassLoader.getSystemClassLoader()).getCanonicalName();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(binaryName, e);
        }
    }

    private static void compile(Path jar, Path source, Path classes) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler in " + System.getProperty("java.home") + " (a JDK is needed)");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = compiler.getTask(null, files, diagnostics,
                    List.of("--release", "21", "-nowarn", "-Xlint:none", "-classpath", jar.toString(), "-d",
                            classes.toString()),
                    null, files.getJavaFileObjects(source)).call();
            if (!ok) {
                throw new IllegalStateException("the generated service index does not compile: "
                        + diagnostics.getDiagnostics());
            }
        }
    }

    /** Adds the compiled classes and the loader's service entry to the jar, through a copy moved over it. */
    private static void addToJar(Path jar, Path classes) throws IOException {
        Path copy = jar.resolveSibling(jar.getFileName() + ".index-tmp");
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + copy.toUri()), Map.of())) {
            try (var walk = Files.walk(classes)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    Path target = fs.getPath("/" + classes.relativize(file).toString().replace('\\', '/'));
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path entry = fs.getPath("/" + LOADER_SERVICE);
            Set<String> lines = new LinkedHashSet<>();
            if (Files.exists(entry)) {
                lines.addAll(Files.readAllLines(entry, StandardCharsets.UTF_8));
            } else {
                Files.createDirectories(entry.getParent());
            }
            lines.add(GENERATED);
            Files.write(entry, lines, StandardCharsets.UTF_8);
        }
        Files.move(copy, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
