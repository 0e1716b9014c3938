package org.dosewarden.bench;

import java.time.Duration;
import java.util.Arrays;
import org.dosewarden.gpio.GpioBenchSupport;

/**
 * GPIO poll cost: one {@code BedsidePanel.poll()} with every part enabled (emergency stop, confirm button, relay,
 * beacon, buzzer, heartbeat with 4 channel loops) on Pi4J's mock provider, virtual time advancing 1 ms per poll,
 * high-priority alarm active (beacon and buzzer switching). Prints mean and percentiles per poll and the CPU share
 * of the GPIO thread at the default 5 ms poll interval. Arguments: {@code --polls N} (default 200000).
 */
public final class GpioBench {

    public static void main(String[] args) throws Exception {
        int polls = 200_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--polls") && i + 1 < args.length) {
                polls = Integer.parseInt(args[++i]);
            }
        }
        try (GpioBenchSupport rig = new GpioBenchSupport()) {
            rig.run(Duration.ofSeconds(20)); // warm-up: JIT and steady state
            long[] samples = new long[polls];
            for (int i = 0; i < polls; i++) {
                long t0 = System.nanoTime();
                rig.step();
                samples[i] = System.nanoTime() - t0;
            }
            Arrays.sort(samples);
            double mean = Arrays.stream(samples).average().orElse(0);
            System.out.printf("gpio poll (all parts, mock provider): %d polls%n", polls);
            System.out.printf("  mean %.0f ns, p50 %d ns, p99 %d ns, p99.9 %d ns, max %d ns%n", mean,
                    samples[polls / 2], samples[(int) (polls * 0.99)], samples[(int) (polls * 0.999)],
                    samples[polls - 1]);
            System.out.printf("  CPU share of the GPIO thread at a 5 ms poll interval: %.4f %%%n",
                    mean / 5_000_000.0 * 100);
        }
    }
}
