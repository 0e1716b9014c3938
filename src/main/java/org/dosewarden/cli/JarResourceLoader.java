package org.dosewarden.cli;

import io.micronaut.core.io.ResourceLoader;
import io.micronaut.core.io.scan.ClassPathResourceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Micronaut's class-path resource loader for the daemon's environment, reading a file that sits in the jar
 * (application.yml) straight from the jar entry. Micronaut's own loader opens the whole jar as a zip file system
 * for every such file only to find out whether the resource is a directory: with the shaded jar's 16,918 entries
 * that was 50-70 ms of the start on this machine (docs/benchmarks-footprint.md, fifth round). The jar entry says
 * the same, from the central directory the class loader has already read.
 *
 * <p>Everything else (a resource outside a jar, a directory, a nested jar, a missing entry, listing, sub-loaders
 * for static resources) goes to Micronaut's loader unchanged, so what the daemon can read is the same.
 */
final class JarResourceLoader implements ClassPathResourceLoader {

    /** A plain relative name (application.yml, a/b.yml): no leading slash, no "..", nothing to normalise. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    private final ClassLoader classLoader;
    private final ClassPathResourceLoader micronaut;

    JarResourceLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
        this.micronaut = ClassPathResourceLoader.defaultLoader(classLoader);
    }

    @Override
    public Optional<InputStream> getResourceAsStream(String path) {
        if (PLAIN.matcher(path).matches()) {
            URL url = classLoader.getResource(path);
            if (url != null && "jar".equals(url.getProtocol())) {
                try {
                    if (url.openConnection() instanceof JarURLConnection jar && jar.getEntryName() != null
                            && !jar.getEntryName().contains("!/")) {
                        JarEntry entry = jar.getJarEntry();
                        if (entry != null && !entry.isDirectory()) {
                            return Optional.of(jar.getInputStream());
                        }
                    }
                } catch (IOException e) {
                    // Micronaut's loader below decides, as it did before
                }
            }
        }
        return micronaut.getResourceAsStream(path);
    }

    @Override
    public Optional<URL> getResource(String path) {
        return micronaut.getResource(path);
    }

    @Override
    public Stream<URL> getResources(String name) {
        return micronaut.getResources(name);
    }

    @Override
    public boolean supportsPrefix(String path) {
        return micronaut.supportsPrefix(path);
    }

    @Override
    public ResourceLoader forBase(String basePath) {
        return micronaut.forBase(basePath);
    }

    @Override
    public ClassLoader getClassLoader() {
        return micronaut.getClassLoader();
    }
}
