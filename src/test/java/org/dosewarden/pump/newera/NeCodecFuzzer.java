package org.dosewarden.pump.newera;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Feeds random and mutated byte streams to both decoders and checks three things per case: nothing
 * throws except the documented {@link NeFormatException}; every frame reported valid really is one
 * (its own encoding occurs in the input); and in the reply direction every frame that survived the
 * mutation untouched is found. A failed check is an escape: something the decoders let through that they
 * must not. Used by {@code NeCodecFuzzTest} (fixed seed, 10^5 cases per direction) and by
 * {@code scripts/fuzz-codec} for long runs until a number of generated frames is reached ({@link #main}).
 */
public final class NeCodecFuzzer {

    /** A failed case, with enough to replay it. */
    public record Failure(long seed, long caseIndex, String what, String input) {}

    private static final String[] REPLIES = {
        "00S", "00I", "00W", "00P", "00T", "00U", "00X", "00A?R", "00A?S", "00A?T", "00A?E", "00A?O", "00S?", "00S?NA",
        "00S?OOR", "00S?COM", "00I?IGN", "00S26.59", "00I10.00MH", "00SI1.200W0.000ML", "00SNE1000V3.928", "99P5.000ML",
    };
    private static final String[] REQUESTS = {
        "0", "00", "0DIA26.59", "0RAT10MH", "0VOL5", "0VOLML", "0DIRINF", "0RUN", "0STP", "0DIS", "0CLDINF", "0SAF10",
        "SAF0", "*ADR5", "12VER", "0dia 14.43", "99RAT166.6UM",
    };

    private final SplittableRandom random;
    private final long seed;
    private long cases;
    private long frames;
    private long intactFrames;

    public NeCodecFuzzer(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    public long cases() {
        return cases;
    }

    /** Well-formed frames (basic or safe, both directions) built into the mutated cases so far. */
    public long frames() {
        return frames;
    }

    /** Of {@link #frames()}, those in the reply direction that no mutation touched: each must be decoded. */
    public long intactFrames() {
        return intactFrames;
    }

    /** Runs {@code n} random cases and {@code n} mutated cases in each direction; returns the failures (max 10). */
    public List<Failure> run(long n) {
        List<Failure> failures = new ArrayList<>();
        for (long i = 0; i < n && failures.size() < 10; i++) {
            round(i, failures);
        }
        return failures;
    }

    /** Runs rounds (one random and one mutated case per direction) until {@code target} frames were generated. */
    public List<Failure> runUntilFrames(long target) {
        List<Failure> failures = new ArrayList<>();
        for (long i = 0; frames < target && failures.size() < 10; i++) {
            round(i, failures);
        }
        return failures;
    }

    private void round(long i, List<Failure> failures) {
        check(randomBytes(), List.of(), true, i).ifPresent(failures::add);
        check(randomBytes(), List.of(), false, i).ifPresent(failures::add);
        mutatedCase(true, i).ifPresent(failures::add);
        mutatedCase(false, i).ifPresent(failures::add);
    }

    private Optional<Failure> mutatedCase(boolean replies, long index) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<int[]> frameSpans = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        frames += count;
        for (int f = 0; f < count; f++) {
            if (random.nextInt(3) == 0) {
                byte[] junk = randomBytes();
                out.write(junk, 0, Math.min(junk.length, 8));
            }
            String[] pool = replies ? REPLIES : REQUESTS;
            String payload = pool[random.nextInt(pool.length)];
            boolean safe = random.nextBoolean();
            byte[] frame = replies ? NeFrames.reply(safe ? NeFraming.SAFE : NeFraming.BASIC, payload)
                    : NeFrames.request(safe ? NeFraming.SAFE : NeFraming.BASIC, payload);
            frameSpans.add(new int[] {out.size(), out.size() + frame.length});
            out.write(frame, 0, frame.length);
        }
        byte[] clean = out.toByteArray();
        // Mutate: flip, insert or delete a few bytes; remember which original positions were touched.
        ByteArrayOutputStream mutated = new ByteArrayOutputStream();
        boolean[] touched = new boolean[clean.length];
        int mutations = random.nextInt(4);
        int[] at = new int[mutations];
        for (int m = 0; m < mutations; m++) {
            at[m] = random.nextInt(clean.length);
            touched[at[m]] = true;
        }
        for (int i = 0; i < clean.length; i++) {
            if (touched[i]) {
                switch (random.nextInt(3)) {
                    case 0 -> mutated.write(clean[i] ^ (1 << random.nextInt(8)));
                    case 1 -> {
                        mutated.write(interestingByte());
                        mutated.write(clean[i]);
                    }
                    default -> { /* deleted */ }
                }
            } else {
                mutated.write(clean[i]);
            }
        }
        List<String> intact = new ArrayList<>();
        for (int[] span : frameSpans) {
            boolean ok = true;
            for (int i = span[0]; i < span[1]; i++) {
                ok &= !touched[i];
            }
            if (ok && replies) {
                intactFrames++;
            }
            if (ok) {
                intact.add(new String(clean, span[0], span[1] - span[0], StandardCharsets.ISO_8859_1));
            }
        }
        return check(mutated.toByteArray(), replies ? intact : List.of(), replies, index);
    }

    private Optional<Failure> check(byte[] input, List<String> mustFind, boolean replies, long index) {
        cases++;
        String inputText = new String(input, StandardCharsets.ISO_8859_1);
        try {
            NeFrameDecoder d = replies ? NeFrameDecoder.forReplies() : NeFrameDecoder.forRequests();
            List<String> found = new ArrayList<>();
            int i = 0;
            while (i < input.length) {
                int chunk = 1 + random.nextInt(Math.min(16, input.length - i));
                d.feed(input, i, chunk);
                i += chunk;
                drain(d, replies, inputText, found);
            }
            while (d.discardPartial()) {
                drain(d, replies, inputText, found);
            }
            String joined = String.join("\u0000", found);
            for (String frame : mustFind) {
                if (!joined.contains(frame)) {
                    return Optional.of(new Failure(seed, index, "intact frame not found: " + NeFrames.printable(frame),
                            NeFrames.printable(input)));
                }
            }
            return Optional.empty();
        } catch (AssertionError | RuntimeException e) {
            return Optional.of(new Failure(seed, index, e.toString(), NeFrames.printable(input)));
        }
    }

    private static void drain(NeFrameDecoder d, boolean replies, String input, List<String> found) {
        for (Optional<NeFrameEvent> e = d.next(); e.isPresent(); e = d.next()) {
            if (e.get() instanceof NeFrameEvent.Frame frame) {
                byte[] encoded = switch (frame.framing()) {
                    case SAFE -> NeFrames.safe(frame.payload());
                    case BASIC -> replies ? NeFrames.basicReply(frame.payload()) : rawLine(frame.payload());
                };
                String text = new String(encoded, StandardCharsets.ISO_8859_1);
                if (!input.contains(text)) {
                    throw new AssertionError("accepted a frame that is not in the input: " + NeFrames.printable(encoded));
                }
                found.add(text);
                try {
                    if (replies) {
                        NeReply.parse(frame.payload());
                    } else {
                        NeRequest.parse(frame.framing(), frame.payload());
                    }
                } catch (NeFormatException expected) {
                    // malformed text inside a well-formed frame is the caller's to report
                }
            }
        }
    }

    private static byte[] rawLine(String payload) {
        byte[] p = payload.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[p.length + 1];
        System.arraycopy(p, 0, out, 0, p.length);
        out[p.length] = NeFrames.CR;
        return out;
    }

    private byte[] randomBytes() {
        byte[] b = new byte[random.nextInt(64)];
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextInt(3) == 0 ? interestingByte() : (byte) random.nextInt(256);
        }
        return b;
    }

    private byte interestingByte() {
        return switch (random.nextInt(8)) {
            case 0 -> NeFrames.STX;
            case 1 -> NeFrames.ETX;
            case 2 -> NeFrames.CR;
            case 3 -> (byte) ('0' + random.nextInt(10));
            case 4 -> (byte) (4 + random.nextInt(20));
            case 5 -> (byte) "SIWPAT?".charAt(random.nextInt(7));
            case 6 -> (byte) 0xFF;
            default -> (byte) random.nextInt(256);
        };
    }

    /**
     * {@code scripts/fuzz-codec [frames] [seed]}: runs until {@code frames} well-formed frames (default 10^6)
     * were generated, mutated and decoded; prints the counts and every escape; exit 1 on any escape.
     */
    public static void main(String[] args) {
        long target = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        NeCodecFuzzer fuzzer = new NeCodecFuzzer(seed);
        long t0 = System.nanoTime();
        List<Failure> failures = fuzzer.runUntilFrames(target);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("fuzz-codec: seed %d: %d frames generated (%d reply frames left intact, each found),"
                + " %d cases (random and mutated byte streams, both directions) in %.1f s: %d escapes%n", seed,
                fuzzer.frames(), fuzzer.intactFrames(), fuzzer.cases(), seconds, failures.size());
        failures.forEach(f -> System.out.println("  escape: " + f));
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
