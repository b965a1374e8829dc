package io.kronotop.server.redis.persist;

import java.util.Arrays;

/**
 * The byte ranges of a string changed since its last record, sorted and disjoint. Ranges closer than
 * {@link #JOIN_GAP} bytes are joined (writing the bytes between costs no more than another range's header), and at
 * most {@link #MAX_RANGES} are kept: beyond that the two closest are joined (the bytes between them are written
 * too, unchanged). Owner reactor thread only.
 */
final class PatchRanges {
    static final int MAX_RANGES = 1024;
    static final long JOIN_GAP = StashRecordDescriptor.PATCH_RANGE_HEADER;

    /** [from, to) pairs, sorted by from, more than {@link #JOIN_GAP} apart. */
    private long[] ranges = new long[16];
    private int count;
    private long bytes;

    /** Adds {@code [from, to)}; an empty range changes nothing. */
    void add(long from, long to) {
        if (from >= to) {
            return;
        }
        int i = first(from);
        // ranges i.. within JOIN_GAP of [from, to) are joined into it
        int j = i;
        while (j < count && ranges[2 * j] <= to + JOIN_GAP) {
            from = Math.min(from, ranges[2 * j]);
            to = Math.max(to, ranges[2 * j + 1]);
            bytes -= ranges[2 * j + 1] - ranges[2 * j];
            j++;
        }
        int removed = j - i;
        if (removed == 0 && 2 * (count + 1) > ranges.length) {
            ranges = Arrays.copyOf(ranges, ranges.length * 2);
        }
        if (removed != 1) {
            System.arraycopy(ranges, 2 * j, ranges, 2 * i + 2, 2 * (count - j));
            count += 1 - removed;
        }
        ranges[2 * i] = from;
        ranges[2 * i + 1] = to;
        bytes += to - from;
        if (count > MAX_RANGES) {
            joinClosest();
        }
    }

    /** The first range that ends within {@link #JOIN_GAP} of {@code from} or after it (binary search). */
    private int first(long from) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ranges[2 * mid + 1] + JOIN_GAP < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
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
        bytes += gap;
        ranges[2 * best + 1] = ranges[2 * best + 3];
        System.arraycopy(ranges, 2 * best + 4, ranges, 2 * best + 2, 2 * (count - best - 2));
        count--;
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
