package org.dosewarden;

import java.io.IOException;
import java.io.InputStream;
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
        CommandLine cli = commandLine();
        if (args.length == 0 || args[0].startsWith("--dosewarden.") || args[0].startsWith("-D")) {
            String[] withServe = new String[args.length + 1];
            withServe[0] = "serve";
            System.arraycopy(args, 0, withServe, 1, args.length);
            return cli.execute(withServe);
        }
        return cli.execute(args);
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
