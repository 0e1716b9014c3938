package org.dosewarden.cli;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.io.scan.ClassPathResourceLoader;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.Micronaut;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dosewarden.Dosewarden;
import org.dosewarden.library.DrugLibraryReader;
import org.dosewarden.pump.profile.DeviceProfiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Runs the daemon. Extra arguments of the form {@code --dosewarden.x.y=value} are configuration
 * properties and override application.yml and environment variables.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the daemon (HTTP API, pump channels, MQTT, GPIO). Configuration properties may follow, "
                + "e.g. --dosewarden.channels.a.port=/dev/ttyUSB0")
public final class ServeCommand implements Callable<Integer> {

    /** The directory (the launcher's /var/cache/dosewarden) where native libraries are kept between starts. */
    public static final String NATIVE_CACHE_PROPERTY = "dosewarden.native-cache";

    /** Configuration overrides ({@code --dosewarden.x=y}), handed to Micronaut as command-line properties. */
    @Unmatched
    List<String> properties = new ArrayList<>();

    /**
     * Runs the daemon with these configuration properties as picocli's {@code execute} would (the same exit code,
     * the same stack trace on standard error when the start fails), for a start that needs no parsing.
     */
    public static int run(List<String> properties) {
        ServeCommand serve = new ServeCommand();
        serve.properties.addAll(properties);
        try {
            return serve.call();
        } catch (Exception e) {
            e.printStackTrace();
            return 1;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        // The launcher's start-up cache directory also keeps the SQLite driver's native library (SqliteNativeLibrary),
        // checked while Micronaut starts; the first eager bean waits for it (NativeLibraryGate).
        String cache = System.getProperty(NATIVE_CACHE_PROPERTY);
        if (cache != null && !cache.isBlank()) {
            NativeLibraryGate.start(Path.of(cache));
        }
        initializeParsersAside();
        ApplicationContext context = new DaemonMicronaut().args(properties.toArray(String[]::new))
                .mainClass(Dosewarden.class)
                .banner(false)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedApplication<?> server = context.findBean(EmbeddedApplication.class).orElse(null);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Micronaut's own hook stops the HTTP server, which then stops the context. Calling context.stop()
            // here raced it with the two locks taken in opposite orders, and SIGTERM hung the daemon for good
            // (the channels' @PreDestroy never ran). Stopping through the server takes the same locks in the
            // same order; whichever hook comes second finds it stopped.
            if (server != null) {
                if (server.isRunning()) {
                    server.stop();
                }
            } else if (context.isRunning()) {
                context.stop();
            }
            stopped.countDown();
        }, "dosewarden-shutdown"));
        stopped.await();
        return 0;
    }

    /** Micronaut's start with the class-path resources read by {@link JarResourceLoader}. */
    private static final class DaemonMicronaut extends Micronaut {

        private ClassPathResourceLoader resources;

        @Override
        public ClassPathResourceLoader getResourceLoader() {
            if (resources == null) {
                ClassLoader loader = getClassLoader();
                resources = new JarResourceLoader(loader != null ? loader : DaemonMicronaut.class.getClassLoader());
            }
            return resources;
        }
    }

    /**
     * Initializes the classes that read the device profiles and the drug library (their YAML and JSON readers and
     * JSON schemas: the static state of {@link DeviceProfiles} and {@link DrugLibraryReader}) on a thread of its own
     * while Micronaut starts on this one. Only class initialization: nothing is read from the site's files here, and
     * the beans that read them are made as before. The main thread otherwise did this work itself when the channels
     * were made, and waited for the drug library's thread initializing the same libraries (0.02-0.03 s of the start,
     * docs/benchmarks-footprint.md, eleventh round). Should the initialization fail, the bean that needs the class
     * fails the start as before, its error naming this thread's exception as the cause.
     */
    private static void initializeParsersAside() {
        Thread thread = new Thread(() -> {
            for (Class<?> type : List.of(DeviceProfiles.class, DrugLibraryReader.class)) {
                try {
                    Class.forName(type.getName(), true, type.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    return;   // the start meets the same failure where it needs the class, and reports it there
                }
            }
        }, "parser-init");
        thread.setDaemon(true);
        thread.start();
    }
}
