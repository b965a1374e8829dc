package io.kronotop.volume;

import com.apple.foundationdb.Transaction;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Segments holding durable bytes whose metadata has not committed yet (a batch being committed, or an operation
 * that joined a caller's transaction not yet finished). Vacuum and orphan cleanup never retire such a segment, so an
 * operation in flight is not failed by a retirement; the segment guard ({@link VolumeSubspace#checkGuard}) keeps
 * correctness even if a pin is missed (the commit then fails instead of pointing at a deleted file).
 *
 * <p>Any thread.
 */
final class InFlightSegments {
    private final ConcurrentHashMap<Long, Integer> pins = new ConcurrentHashMap<>();

    void pin(long segmentId) {
        pins.merge(segmentId, 1, Integer::sum);
    }

    void unpin(long segmentId) {
        pins.computeIfPresent(segmentId, (id, count) -> count == 1 ? null : count - 1);
    }

    /** Unpins {@code segmentId} once {@code tr} has committed or failed. */
    void unpinWhenDone(Transaction tr, long segmentId) {
        tr.getVersionstamp().whenComplete((stamp, error) -> unpin(segmentId));
    }

    /** Whether an operation in flight has bytes in {@code segmentId}. */
    boolean pinned(long segmentId) {
        return pins.containsKey(segmentId);
    }
}
