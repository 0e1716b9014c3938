package org.dosewarden.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The log every command writes unless a logback file is named ({@code -Dlogback.configurationFile}, which the
 * launcher sets when {@code /etc/dosewarden/logback.xml} exists): one line per event on standard error (standard
 * output carries command results, such as the JSON of {@code dosewarden plan}), Netty and Moquette only from WARN,
 * everything else from INFO. Under systemd, whose journal stamps each line itself ({@code JOURNAL_STREAM} set),
 * the line has no time of its own.
 *
 * <p>Set up in code rather than from a bundled {@code logback.xml}: logback's XML configurator took 0.19 s of the
 * start against 0.09 s for this, with the class-data archive (benchmarks-footprint.md, sixth round). Levels can still
 * be changed without a file: {@code logger.levels} in the daemon's configuration. Registered as logback's
 * {@link Configurator} service (META-INF/services).
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {

    /** Line layout with the time, for a terminal or a file. */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";
    /** Line layout for the journal, which records the time itself. */
    static final String JOURNAL_PATTERN = "%-5level [%thread] %logger{24} - %msg%n";
    /** Libraries that say too much at INFO. */
    static final Map<String, Level> QUIETER = Map.of("io.netty", Level.WARN, "io.moquette", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;   // a named file: logback's own configurator reads it
        }
        configure(context, System.getenv("JOURNAL_STREAM") != null);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets up {@code context}; {@code journal}: standard error goes to the systemd journal. */
    static void configure(LoggerContext context, boolean journal) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(journal ? JOURNAL_PATTERN : PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        QUIETER.forEach((name, level) -> context.getLogger(name).setLevel(level));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
    }
}
