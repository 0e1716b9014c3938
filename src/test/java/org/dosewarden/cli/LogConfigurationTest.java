package org.dosewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The log set up in code: what every command writes unless a logback file is named. */
class LogConfigurationTest {

    @Test
    @DisplayName("logback finds the set-up as its configurator service, and this JVM's log was set up by it")
    void registeredAndInUse() {
        assertTrue(ServiceLoader.load(Configurator.class).stream()
                .anyMatch(p -> p.type() == LogConfiguration.class), "META-INF/services names LogConfiguration");
        LoggerContext context = assertInstanceOf(LoggerContext.class, LoggerFactory.getILoggerFactory());
        var appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        ConsoleAppender<?> console = assertInstanceOf(ConsoleAppender.class, appender, "root logs to STDERR");
        assertEquals("System.err", console.getTarget());
        String pattern = assertInstanceOf(PatternLayoutEncoder.class, console.getEncoder()).getPattern();
        assertTrue(pattern.equals(LogConfiguration.PATTERN) || pattern.equals(LogConfiguration.JOURNAL_PATTERN), pattern);
        assertEquals(Level.WARN, context.getLogger("io.netty").getLevel());
        assertEquals(Level.WARN, context.getLogger("io.moquette").getLevel());
        assertEquals(Level.INFO, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
    }

    @Test
    @DisplayName("lines go to standard error, with the time on a terminal and without it for the journal; Netty below WARN is dropped")
    void linesOnStandardError() {
        String terminal = logged(false);
        assertTrue(terminal.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[main] o\\.d\\.cli\\.ThisTest - infusion started\\n"
                + "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[main] io\\.netty\\.Noisy - worth a look\\n"), terminal);
        String journal = logged(true);
        assertEquals("INFO  [main] o.d.cli.ThisTest - infusion started\nWARN  [main] io.netty.Noisy - worth a look\n",
                journal);
    }

    @Test
    @DisplayName("a named logback file wins: the set-up in code steps aside")
    void namedFileWins() {
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/etc/dosewarden/logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, new LogConfiguration().configure(context));
            assertFalse(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext(), "nothing set up");
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }

    private static String logged(boolean journal) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());   // what logback's own start gives a context
        try {
            LogConfiguration.configure(context, journal);
            String thread = Thread.currentThread().getName();
            Thread.currentThread().setName("main");
            try {
                context.getLogger("org.dosewarden.cli.ThisTest").info("infusion started");
                context.getLogger("io.netty.Noisy").info("not worth a line");
                context.getLogger("io.netty.Noisy").warn("worth a look");
            } finally {
                Thread.currentThread().setName(thread);
            }
        } finally {
            context.stop();
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
