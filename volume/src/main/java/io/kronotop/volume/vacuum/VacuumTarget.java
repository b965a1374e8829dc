package io.kronotop.volume.vacuum;

import java.util.List;

/**
 * What {@link Vacuum} needs of a volume. Every method blocks (metastore round trips, file deletion) and is called on
 * the vacuum thread only.
 */
public interface VacuumTarget {
    /** The volume's name, for logs and thread names. */
    String name();

    /** The segments that no longer take appends, with their garbage percentage (0-100), by ascending id. */
    List<Candidate> candidates();

    /**
     * Copies up to {@code maxEntries} live entries of segment {@code segmentId} found at offsets of at least
     * {@code fromOffset} into the writable segment and repoints their keys, unless a concurrent update or delete got
     * there first (that one wins; the copy is garbage).
     *
     * @return the offset to continue from, or -1 when no live entry is left at or after {@code fromOffset}
     */
    long evacuate(long segmentId, long fromOffset, int maxEntries);

    /**
     * Retires segment {@code segmentId} if no key points into it any more: marks it retired in the same transaction
     * that checks it is empty, then deletes its file.
     *
     * @return true if the segment is gone
     */
    boolean tryRetire(long segmentId);

    /** A segment vacuum may process. */
    record Candidate(long segmentId, double garbagePercentage) {
    }
}
