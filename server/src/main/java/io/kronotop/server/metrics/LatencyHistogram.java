package io.kronotop.server.metrics;

import io.kronotop.server.reactor.ReactorThread;
import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A command's latency distribution, for INFO latencystats and LATENCY HISTOGRAM. Recorded on the hot path as
 * {@link StripedCounter} counts: each reactor thread increments a bucket of an array of its own with a plain read
 * and an ordered write, any other thread a shared array atomically. The buckets are log-linear, 64 per power of two
 * (under 1.6% apart, what Redis's histograms keep with two significant digits), from 1 ns to 2^41 ns; an array is
 * made on a thread's first record. Readers add the arrays up into an HdrHistogram, which computes percentiles and
 * Redis's power-of-two buckets.
 */
public final class LatencyHistogram {
    /** Values below this many nanoseconds each have a bucket of their own. */
    private static final int DIRECT = 128;
    private static final int SUB_BUCKET_BITS = 6;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    /** The top power of two tracked: larger values count in the last bucket. */
    private static final int MAX_EXPONENT = 40;
    static final int BUCKETS = DIRECT + (MAX_EXPONENT - SUB_BUCKET_BITS) * SUB_BUCKETS;
    /** Redis's bounds: 1 ns to 1 s, two significant digits. */
    private static final long LOWEST = 1;
    private static final long HIGHEST = 1_000_000_000L;

    private final int stripes;
    /** Index 0: other threads; index n + 1: reactor n. */
    private final AtomicReferenceArray<AtomicLongArray> cells;
    /** What {@link #reset()} saw. */
    private volatile long[] baseline;

    /** A histogram with an array for each of the reactors numbered 0 to {@code stripes - 1}. */
    public LatencyHistogram(int stripes) {
        this.stripes = Math.max(0, stripes);
        this.cells = new AtomicReferenceArray<>(this.stripes + 1);
    }

    public void record(long nanos) {
        int bucket = bucket(nanos);
        int n = ReactorThread.currentNumber();
        if (n < 0 || n >= stripes) {
            AtomicLongArray shared = cells.get(0);
            if (shared == null) {
                cells.compareAndSet(0, null, new AtomicLongArray(BUCKETS));
                shared = cells.get(0);
            }
            shared.getAndIncrement(bucket);
            return;
        }
        AtomicLongArray own = cells.getPlain(n + 1);
        if (own == null) {
            own = new AtomicLongArray(BUCKETS);
            cells.setRelease(n + 1, own); // this thread is the cell's only writer
        }
        own.setRelease(bucket, own.getPlain(bucket) + 1);
    }

    /** The bucket of a value in nanoseconds. */
    static int bucket(long nanos) {
        if (nanos < DIRECT) {
            return (int) Math.max(0, nanos);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (nanos >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        return DIRECT + (exponent - SUB_BUCKET_BITS - 1) * SUB_BUCKETS + sub;
    }

    /** The smallest value of a bucket. */
    static long lowest(int bucket) {
        if (bucket < DIRECT) {
            return bucket;
        }
        int exponent = (bucket - DIRECT) / SUB_BUCKETS + SUB_BUCKET_BITS + 1;
        long sub = (bucket - DIRECT) % SUB_BUCKETS;
        return (SUB_BUCKETS + sub) << (exponent - SUB_BUCKET_BITS);
    }

    /** The largest value of a bucket. */
    static long highest(int bucket) {
        return bucket == BUCKETS - 1 ? Long.MAX_VALUE : lowest(bucket + 1) - 1;
    }

    /** Whether anything was recorded since the start or the last {@link #reset()}. */
    public boolean isEmpty() {
        boolean any = false;
        for (int c = 0; c < cells.length() && !any; c++) {
            any = cells.getAcquire(c) != null;
        }
        if (!any) {
            return true; // never recorded: the usual case, answered without adding up
        }
        for (long count : counts()) {
            if (count != 0) {
                return false;
            }
        }
        return true;
    }

    /** The records of each bucket since the start or the last {@link #reset()}; a record under way may be missed. */
    public long[] counts() {
        long[] sums = raw();
        long[] base = baseline;
        if (base != null) {
            for (int i = 0; i < BUCKETS; i++) {
                sums[i] -= base[i];
            }
        }
        return sums;
    }

    private long[] raw() {
        long[] sums = new long[BUCKETS];
        for (int c = 0; c < cells.length(); c++) {
            AtomicLongArray cell = cells.getAcquire(c);
            if (cell != null) {
                for (int i = 0; i < BUCKETS; i++) {
                    sums[i] += cell.getAcquire(i);
                }
            }
        }
        return sums;
    }

    /** Counts from zero again (CONFIG RESETSTAT); records that race with it may land on either side. */
    public void reset() {
        baseline = raw();
    }

    /**
     * Bucket counts, as from {@link #counts()} (possibly added up over several histograms), as an HdrHistogram with
     * Redis's bounds: each bucket's records at its middle value, clamped to 1 ns - 1 s as Redis clamps.
     */
    public static Histogram toHdr(long[] counts) {
        Histogram h = new Histogram(LOWEST, HIGHEST, 2);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                long low = lowest(i);
                long mid = i == BUCKETS - 1 ? low : low + (highest(i) - low) / 2;
                h.recordValueWithCount(Math.clamp(mid, LOWEST, HIGHEST), counts[i]);
            }
        }
        return h;
    }
}
