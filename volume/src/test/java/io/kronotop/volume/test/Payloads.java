package io.kronotop.volume.test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.SplittableRandom;

/** Deterministic test payloads: the bytes of entry {@code id} under {@code seed} can be rebuilt anywhere. */
public final class Payloads {
    private Payloads() {
    }

    /** Payload {@code id}: a length in [0, maxLength] and random bytes, both from (seed, id). */
    public static byte[] payload(long seed, long id, int maxLength) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    public static MemorySegment segment(byte[] bytes) {
        return MemorySegment.ofArray(bytes);
    }

    public static byte[] bytes(MemorySegment segment) {
        return segment.toArray(ValueLayout.JAVA_BYTE);
    }

    /** The seed for a randomized test: {@code -Dkronotop.test.seed=N} to replay, else a fresh one. */
    public static long seed() {
        Long fixed = Long.getLong("kronotop.test.seed");
        return fixed != null ? fixed : new Random().nextLong();
    }
}
