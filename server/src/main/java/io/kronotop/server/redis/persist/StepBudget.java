package io.kronotop.server.redis.persist;

import java.util.function.LongSupplier;

/**
 * How long one reactor step of a flush that writers wait for may run (sync mode, or async mode past its backlog
 * bound). A flush takes, copies and settles its slots in chunks of a fixed number of slots, and a step runs one chunk
 * or more: more while it is within a quarter of the time from the end of the step before it to its own start, which
 * the reactor spent on everything else (connections' I/O, commands, or nothing), and never more than the cap given to
 * {@link #begin}. A step that nobody waits for, and the cleaner's, is one chunk ({@code begin(0)}).
 *
 * <p>Why a share of time rather than a fixed chunk. Between two steps the reactor serves its connections until a
 * round finds no new completion; under a client that streams a deep pipeline (a mass insertion through
 * {@code redis-cli --pipe}) the time between two steps reached 0.2-0.6 s (long I/O passes, young collections), and one
 * chunk per step let a flush of a hundred thousand slots take seconds while the writers waiting for it waited. With
 * the share, such a flush gets up to about a fifth of a busy reactor, and a step stays one chunk when the reactor's
 * other work between steps is short, as under many connections with short pipelines.
 *
 * <p>Owner reactor thread only.
 */
final class StepBudget {
    /** Longest step of a flush that writers wait for, whatever the reactor did before it. */
    static final long MAX_WAITED_STEP_NANOS = 10_000_000L;
    /** A step may run this fraction (1/n) of the time since the previous step ended. */
    static final int SHARE_DIVISOR = 4;

    private final LongSupplier nanos;
    private long lastEnd;
    private long deadline;

    StepBudget(LongSupplier nanos) {
        this.nanos = nanos;
        this.lastEnd = nanos.getAsLong();
        this.deadline = lastEnd;
    }

    /** A step of at most {@code maxNanos} starts: sets its deadline from the time since the previous one ended. */
    void begin(long maxNanos) {
        long now = nanos.getAsLong();
        deadline = now + Math.min(maxNanos, Math.max(0, now - lastEnd) / SHARE_DIVISOR);
    }

    /** Whether the step that began last may run another chunk. Outside a step ({@link #end}) always false. */
    boolean more() {
        return nanos.getAsLong() < deadline;
    }

    /** The step has ended. */
    void end() {
        long now = nanos.getAsLong();
        lastEnd = now;
        deadline = now;
    }
}
