package org.dosewarden;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;
import org.dosewarden.cli.CommissioningCommand;
import org.dosewarden.cli.HashPasswordCommand;
import org.dosewarden.cli.JournalCommand;
import org.dosewarden.cli.LibraryCommand;
import org.dosewarden.cli.PlanCommand;
import org.dosewarden.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Command-line entry point. {@code serve} (the default) runs the daemon; the other subcommands are
 * tools for clinicians and biomedical engineers that run without starting the daemon.
 */
@Command(
        name = "dosewarden",
        mixinStandardHelpOptions = true,
        versionProvider = Dosewarden.Version.class,
        description = "Infusion-pump supervisor: drives the pump, enforces dose interlocks, journals everything.",
        subcommands = {ServeCommand.class, PlanCommand.class, LibraryCommand.class, JournalCommand.class,
                HashPasswordCommand.class, CommissioningCommand.class, CommandLine.HelpCommand.class})
public final class Dosewarden {

    /** Exit code for input the command could not understand (picocli's usage error code). */
    public static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code; {@code serve} when no subcommand is named. */
    public static int run(String... args) {
        boolean defaultServe = args.length == 0 || args[0].startsWith("--dosewarden.") || args[0].startsWith("-D");
        if (defaultServe || args[0].equals("serve")) {
            String[] serveArgs = defaultServe ? args : Arrays.copyOfRange(args, 1, args.length);
            if (Arrays.stream(serveArgs).allMatch(Dosewarden::isProperty)) {
                // The daemon's start with nothing but configuration properties (what systemd runs): they go to
                // Micronaut as they are, without picocli. Picocli's classes are too old a class-file version for
                // the start-up cache and its parser took 0.15 s of the start (docs/benchmarks-footprint.md, fifth
                // round); for these arguments it would only have collected them into the same list.
                return ServeCommand.run(Arrays.asList(serveArgs));
            }
            if (Arrays.stream(serveArgs).noneMatch(Dosewarden::asksForHelp)) {
                // Anything else is parsed as the serve command alone. Building the whole command tree reflects
                // over every tool's options (and initialises their classes) before the daemon starts, a quarter of
                // a second of start-up on this machine (docs/benchmarks-footprint.md, fourth round).
                return new CommandLine(new ServeCommand()).setCommandName("serve").execute(serveArgs);
            }
            String[] withServe = new String[serveArgs.length + 1];
            withServe[0] = "serve";
            System.arraycopy(serveArgs, 0, withServe, 1, serveArgs.length);
            return commandLine().execute(withServe);
        }
        return commandLine().execute(args);
    }

    /** {@code --name=value} (a configuration property, not -h, --help or an argument file): no parsing needed. */
    private static boolean isProperty(String arg) {
        int eq = arg.indexOf('=');
        return arg.startsWith("--") && eq > 2 && !asksForHelp(arg.substring(0, eq));
    }

    /** Help and version go through the whole command tree, so they read as {@code dosewarden serve ...}. */
    private static boolean asksForHelp(String arg) {
        return arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version");
    }

    /** The command tree; subcommands are registered here so tests can drive them in-process. */
    public static CommandLine commandLine() {
        // picocli already exits with 2 (EXIT_BAD_INPUT) on a usage error.
        return new CommandLine(new Dosewarden());
    }

    /**
     * {@code dosewarden --version}: the version and the commit the build was made from, as the build wrote them
     * into {@value #BUILD_INFO} (scripts/lib/build-info); "development build" when run from classes without it.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties build = new Properties();
            try (InputStream in = Dosewarden.class.getResourceAsStream(BUILD_INFO)) {
                if (in == null) {
                    return new String[] {"dosewarden development build (no " + BUILD_INFO + ")"};
                }
                build.load(in);
            }
            return new String[] {"dosewarden " + build.getProperty("version", "unknown version")
                    + " (commit " + build.getProperty("commit", "unknown") + ")",
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }

    static final String BUILD_INFO = "/META-INF/dosewarden/build.properties";
}
