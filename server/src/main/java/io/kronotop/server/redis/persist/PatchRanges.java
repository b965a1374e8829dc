package io.kronotop.server.redis.persist;

/**
 * The byte ranges of a string changed since its last record, sorted and disjoint, at most {@link #MAX_RANGES} of
 * them: beyond that the two closest are joined (the bytes between them are written too, unchanged). Owner reactor
 * thread only.
 */
final class PatchRanges {
    static final int MAX_RANGES = 16;

    /** [from, to) pairs, sorted by from, neither overlapping nor touching. */
    private final long[] ranges = new long[2 * (MAX_RANGES + 1)];
    private int count;
    private long bytes;

    /** Adds {@code [from, to)}; an empty range changes nothing. */
    void add(long from, long to) {
        if (from >= to) {
            return;
        }
        int i = 0;
        while (i < count && ranges[2 * i + 1] < from) {
            i++;
        }
        // ranges i.. that overlap or touch [from, to) are joined into it
        int j = i;
        while (j < count && ranges[2 * j] <= to) {
            from = Math.min(from, ranges[2 * j]);
            to = Math.max(to, ranges[2 * j + 1]);
            j++;
        }
        int removed = j - i;
        if (removed != 1) {
            System.arraycopy(ranges, 2 * j, ranges, 2 * i + 2, 2 * (count - j));
            count += 1 - removed;
        }
        ranges[2 * i] = from;
        ranges[2 * i + 1] = to;
        if (count > MAX_RANGES) {
            joinClosest();
        }
        recount();
    }

    private void joinClosest() {
        int best = 0;
        long gap = Long.MAX_VALUE;
        for (int i = 0; i + 1 < count; i++) {
            long g = ranges[2 * i + 2] - ranges[2 * i + 1];
            if (g < gap) {
                gap = g;
                best = i;
            }
        }
        ranges[2 * best + 1] = ranges[2 * best + 3];
        System.arraycopy(ranges, 2 * best + 4, ranges, 2 * best + 2, 2 * (count - best - 2));
        count--;
    }

    private void recount() {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += ranges[2 * i + 1] - ranges[2 * i];
        }
        bytes = sum;
    }

    int count() {
        return count;
    }

    /** Bytes the ranges cover. */
    long bytes() {
        return bytes;
    }

    /** The pairs, {@link #count()} of them; the array is this object's. */
    long[] pairs() {
        return ranges;
    }
}
