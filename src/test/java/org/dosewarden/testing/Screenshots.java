package org.dosewarden.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Saves what a browser shows as {@code target/screenshots/<test>/<step>.png}, for people to review (the tests
 * assert on the page; the pictures show how it looks to a nurse and a clinician).
 */
public final class Screenshots {

    public static final Path ROOT = Path.of("target", "screenshots");

    private Screenshots() {
    }

    /** Writes the current viewport; {@code test} and {@code step} become path names (letters, digits, '-'). */
    public static Path save(WebDriver driver, String test, String step) {
        Path file = ROOT.resolve(safe(test)).resolve(safe(step) + ".png");
        try {
            Files.createDirectories(file.getParent());
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.move(shot, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save screenshot " + file, e);
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "-");
    }
}
