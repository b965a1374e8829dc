package io.kronotop.perf.load;

/** How request keys are drawn from the key space {@code [keyMin, keyMax]}. */
public enum KeyPattern {
    /** Uniformly random. */
    RANDOM,
    /** Each connection walks the key space in order from its own offset, wrapping around. */
    SEQUENTIAL,
    /** Normal distribution around the middle of the key space (stddev = range / 6), clamped. */
    GAUSSIAN
}
