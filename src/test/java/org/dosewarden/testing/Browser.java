package org.dosewarden.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Test fixture: Debian's headless Chromium driven by Debian's chromedriver (both installed by scripts/test), with
 * a fresh profile per browser, no network services of its own (no sync, updates or component downloads) and
 * nothing downloaded by Selenium. Closing it quits the browser and deletes the profile.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** axe-core, copied there by the pages' build (src/main/web/build.mjs); never part of the jar. */
    public static final Path AXE = Path.of("target", "web-test", "axe.min.js");

    private final ChromeDriver driver;
    private final Path profile;
    private final String test;

    private Browser(ChromeDriver driver, Path profile, String test) {
        this.driver = driver;
        this.profile = profile;
        this.test = test;
    }

    /** A browser with a {@code width} x {@code height} window; screenshots go under {@code test}. */
    public static Browser start(String test, int width, int height) throws IOException {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " is missing: run scripts/test, which installs Debian's chromium "
                        + "and chromium-driver with apt-get");
            }
        }
        Path profile = Files.createTempDirectory("dosewarden-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--enable-precise-memory-info", "--js-flags=--expose-gc", "--autoplay-policy=no-user-gesture-required",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile, test);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Resizes the viewport (content area) to {@code width} x {@code height}. */
    public void viewport(int width, int height) {
        Object outer = js("return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];");
        @SuppressWarnings("unchecked")
        List<Number> extra = (List<Number>) outer;
        driver.manage().window().setSize(new Dimension(width + extra.get(0).intValue(), height + extra.get(1).intValue()));
    }

    /** Runs {@code script} in the page ({@code arguments[i]} are {@code args}). */
    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Waits until {@code condition} gives a non-null, non-false value; fails naming {@code what}. */
    public <T> T waitUntil(String what, Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                .withMessage(() -> "not reached within " + timeout + ": " + what)
                .ignoring(WebDriverException.class)
                .until(condition::apply);
    }

    /** Saves the viewport as {@code target/screenshots/<test>/<step>.png}. */
    public Path screenshot(String step) {
        return Screenshots.save(driver, test, step);
    }

    /**
     * Runs axe-core in the page and returns its violations of impact {@code serious} or {@code critical}
     * (each: id, impact, help, nodes' targets).
     */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> seriousAccessibilityViolations() throws IOException {
        if (!Files.isRegularFile(AXE)) {
            throw new IllegalStateException(AXE + " is missing: build with Maven (the pages' build copies axe-core)");
        }
        js(Files.readString(AXE));
        Object result = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.filter("
                        + "v => v.impact === 'serious' || v.impact === 'critical').map(v => ({id: v.id, impact: v.impact,"
                        + " help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))))"
                        + ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));");
        return (List<Map<String, Object>>) result;
    }

    /** The page's JavaScript heap in use, bytes (Chromium's performance.memory, precise with our flags). */
    public long jsHeapUsedBytes() {
        js("if (window.gc) window.gc();");
        return ((Number) js("return performance.memory.usedJSHeapSize;")).longValue();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
