package org.dosewarden.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dosewarden.api.security.PasswordHash;
import org.dosewarden.testing.Browser;
import org.dosewarden.testing.DaemonProcess;
import org.dosewarden.testing.Ports;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * Clinician console benchmark (issue 13), in headless Chromium against a real daemon on a simulated pump:
 * <ul>
 *   <li>load to interactive: a fresh navigation to the channel page until the page has its session, the drug
 *       library and the channel's first answer, and the programming form is built (the page's {@code dw-ready}
 *       mark, milliseconds from the navigation's start);</li>
 *   <li>check to plan shown: a change of a completed form (the weight, alternating) until the daemon's check is
 *       drawn (the {@code dw-edit} mark to the {@code dw-plan-shown} mark, set in the animation frame that
 *       draws it); this includes the page's wait for the typing to settle before it asks, so the request alone
 *       ({@code dw-check-sent} to {@code dw-plan-shown}) is reported too.</li>
 * </ul>
 * Bounded: {@code --runs} of each (default 100) after {@code --warmup} (default 10). Prints numbers; never passes
 * or fails.
 */
public final class ConsoleBench {

    private static final String USER = "bench-clinician";

    private ConsoleBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 100;
        int warmup = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--runs N --warmup N)");
            }
        }
        Path dir = Files.createTempDirectory("dosewarden-console-bench-");
        SecureRandom random = new SecureRandom();
        String password = "bench-" + Long.toHexString(random.nextLong());
        String hash = PasswordHash.create(password.toCharArray(), PasswordHash.MIN_ITERATIONS, random).encode();
        String k = "dosewarden.channels.a.";
        List<String> properties = List.of("dosewarden.data-dir=" + dir.resolve("data"),
                "dosewarden.mqtt.embedded.port=" + Ports.free(),
                "dosewarden.mqtt.embedded.websocket-port=" + Ports.free(),
                "dosewarden.users." + USER + ".password-hash=" + hash, "dosewarden.users." + USER + ".roles=clinician",
                k + "profile=sim-ne1000", k + "port=sim:console-bench", k + "syringe=bd-plastic-60ml", k + "bed=bay-1",
                k + "simulator-power-up-alarm=false", k + "simulated-vitals=true", k + "poll-interval=1s");
        System.out.printf("console bench: %d runs after %d warm-up, headless Chromium, work in %s; load average %s%n", runs,
                warmup, dir, loadAverage());
        try (DaemonProcess daemon = DaemonProcess.start(properties, dir.resolve("daemon.log"));
             Browser page = Browser.start("console-bench", 1366, 900)) {
            awaitUp(daemon);
            String url = daemon.baseUri() + "/console/channels/a";
            page.open(url);
            page.waitUntil("sign-in form", Duration.ofSeconds(30), d -> d.findElement(By.id("username")).isDisplayed());
            page.driver().findElement(By.id("username")).sendKeys(USER);
            page.driver().findElement(By.id("password")).sendKeys(password, Keys.ENTER);
            awaitReady(page);

            double[] load = new double[runs];
            for (int i = -warmup; i < runs; i++) {
                page.open(url);
                double ms = awaitReady(page);
                if (i >= 0) {
                    load[i] = ms;
                }
            }
            fill(page);
            double[] edit = new double[runs];
            double[] request = new double[runs];
            double[] daemonPart = new double[runs];
            double[] drawn = new double[runs];
            for (int i = -warmup; i < runs; i++) {
                double[] one = check(page, (i & 1) == 0 ? "71" : "70");
                if (i >= 0) {
                    edit[i] = one[0];
                    request[i] = one[1];
                    daemonPart[i] = one[2];
                    drawn[i] = one[3];
                }
            }
            report("load to interactive (navigation start to form ready)", load, 1000);
            report("check to plan shown (last edit to plan drawn)", edit, 300);
            report("check request to plan shown (request sent to plan drawn)", request, 300);
            report("  of which the daemon (request sent to first byte of its answer)", daemonPart, 300);
            report("  of which the page (answer received to plan drawn)", drawn, 300);
            System.out.printf("load average at the end: %s%n", loadAverage());
        }
    }

    /** Waits for the page's {@code dw-ready} mark; its time from the navigation's start, ms. */
    private static double awaitReady(Browser page) {
        Object ms = page.waitUntil("the channel page ready", Duration.ofSeconds(30), d -> page.js(
                "const m = performance.getEntriesByName('dw-ready');"
                        + "return m.length && document.getElementById('care-area') ? m[0].startTime : null;"));
        return ((Number) ms).doubleValue();
    }

    /** Completes the form (as a clinician would choose it) and waits for the first plan. */
    private static void fill(Browser page) {
        page.js("const set = (id, v) => { const e = document.getElementById(id); e.value = v;"
                + " e.dispatchEvent(new Event('change', {bubbles: true})); };"
                + "set('care-area', 'psychiatry'); set('entry', 'ketamine-psych'); set('protocol', 'depression-standard');"
                + "set('weight', '70'); set('concentration', '0'); set('patient-id', 'P-BENCH'); set('prescriber', 'dr-bench');");
        page.waitUntil("the first plan", Duration.ofSeconds(30),
                d -> page.js("return document.querySelector('#check .plan-rate') ? true : null;"));
    }

    /**
     * One edit of the weight; {edit to plan shown, request to plan shown, the daemon's part (the check request's
     * Resource Timing: request start to first byte), the page's part (last byte to plan drawn)}, ms.
     */
    private static double[] check(Browser page, String weight) {
        page.js("performance.clearMarks(); performance.clearResourceTimings();"
                + "const e = document.getElementById('weight'); e.value = arguments[0];"
                + "e.dispatchEvent(new Event('input', {bubbles: true}));", weight);
        Object marks = page.waitUntil("the plan for weight " + weight, Duration.ofSeconds(30), d -> page.js(
                "const t = (n) => { const m = performance.getEntriesByName(n); return m.length ? m[m.length - 1].startTime : null; };"
                        + "const shown = t('dw-plan-shown');"
                        + "const r = performance.getEntriesByType('resource').filter(e => e.name.endsWith('/program/check')).pop();"
                        + "return shown === null || !r ? null : [shown - t('dw-edit'), shown - t('dw-check-sent'),"
                        + " r.responseStart - r.requestStart, shown - r.responseEnd];"));
        @SuppressWarnings("unchecked")
        List<Number> both = (List<Number>) marks;
        return new double[] {both.get(0).doubleValue(), both.get(1).doubleValue(), both.get(2).doubleValue(),
                both.get(3).doubleValue()};
    }

    private static void report(String what, double[] ms, double goalMs) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double p95 = pct(sorted, 95);
        System.out.printf("%s: p50 %.0f ms, p95 %.0f ms, max %.0f ms over %d runs (goal p95 <= %.0f ms: %s)%n", what,
                pct(sorted, 50), p95, sorted[sorted.length - 1], sorted.length, goalMs, p95 <= goalMs ? "met" : "MISSED");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static void awaitUp(DaemonProcess daemon) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        List<String> last = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                throw new IllegalStateException("daemon exited: " + daemon.logTail(40));
            }
            try {
                int status = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(daemon.baseUri() + "/health"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
                last.add(String.valueOf(status));
            } catch (java.io.IOException notYet) {
                last.add("no answer");
            }
            TimeUnit.MILLISECONDS.sleep(300);
        }
        throw new IllegalStateException("daemon not up: " + last + " " + daemon.logTail(40));
    }
}
