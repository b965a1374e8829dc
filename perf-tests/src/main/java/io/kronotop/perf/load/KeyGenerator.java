package io.kronotop.perf.load;

import java.util.SplittableRandom;

/** Draws key numbers for one client. Owner: the client's event-loop thread. Seeded, hence replayable. */
final class KeyGenerator {
    private final KeyPattern pattern;
    private final long min;
    private final long range;
    private final SplittableRandom random;
    private long sequence;

    KeyGenerator(KeyPattern pattern, long min, long max, long seed, int clientIndex, int clientCount) {
        if (max < min) {
            throw new IllegalArgumentException("key max " + max + " below key min " + min);
        }
        this.pattern = pattern;
        this.min = min;
        this.range = max - min + 1;
        this.random = new SplittableRandom(seed * 31 + clientIndex);
        this.sequence = Math.floorMod((range / Math.max(1, clientCount)) * clientIndex, range);
    }

    long next() {
        return switch (pattern) {
            case RANDOM -> min + random.nextLong(range);
            case SEQUENTIAL -> {
                long key = min + sequence;
                sequence = sequence + 1 == range ? 0 : sequence + 1;
                yield key;
            }
            case GAUSSIAN -> {
                double mean = (range - 1) / 2.0;
                double stddev = range / 6.0;
                long offset = Math.round(mean + nextGaussian() * stddev);
                yield min + Math.max(0, Math.min(range - 1, offset));
            }
        };
    }

    private double nextGaussian() {
        // Marsaglia polar method on the seeded generator; SplittableRandom has no nextGaussian of its own.
        double u;
        double v;
        double s;
        do {
            u = random.nextDouble() * 2 - 1;
            v = random.nextDouble() * 2 - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }
}
