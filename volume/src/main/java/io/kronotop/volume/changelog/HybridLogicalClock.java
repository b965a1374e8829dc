package io.kronotop.volume.changelog;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Sequence numbers of changelog records: {@code wall-clock ms << 20 | logical counter}. Strictly increasing within
 * a process, even when the wall clock stands still or goes back (the counter then carries on from the last value);
 * {@link #observe} raises it past a number persisted by an earlier process, so it also increases across restarts.
 *
 * <p>Any thread (one CAS per number).
 */
public final class HybridLogicalClock {
    /** Bits of the logical counter. */
    public static final int LOGICAL_BITS = 20;

    private final LongSupplier wallClockMs;
    private final AtomicLong last = new AtomicLong();

    public HybridLogicalClock(LongSupplier wallClockMs) {
        this.wallClockMs = wallClockMs;
    }

    /** A number greater than every number this clock returned or observed. */
    public long next() {
        while (true) {
            long previous = last.get();
            long candidate = Math.max(wallClockMs.getAsLong() << LOGICAL_BITS, previous + 1);
            if (last.compareAndSet(previous, candidate)) {
                return candidate;
            }
        }
    }

    /** Makes later numbers greater than {@code sequenceNumber} (the last one persisted). */
    public void observe(long sequenceNumber) {
        last.accumulateAndGet(sequenceNumber, Math::max);
    }

    /** The wall-clock milliseconds part of {@code sequenceNumber}. */
    public static long physicalMs(long sequenceNumber) {
        return sequenceNumber >>> LOGICAL_BITS;
    }
}
