package io.kronotop.volume;

import java.util.concurrent.atomic.LongAdder;

/**
 * Operation counters of one volume since it was opened or last {@link #reset()}, in memory only. Counted when an
 * operation succeeds; {@code bytesAppended} includes the new bytes of updates. Any thread.
 */
public final class VolumeOpCounters {
    private final LongAdder appends = new LongAdder();
    private final LongAdder deletes = new LongAdder();
    private final LongAdder updates = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final LongAdder bytesAppended = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder segmentsCreated = new LongAdder();

    void onAppend(long bytes) {
        appends.increment();
        bytesAppended.add(bytes);
    }

    void onUpdate(long bytes) {
        updates.increment();
        bytesAppended.add(bytes);
    }

    void onDelete() {
        deletes.increment();
    }

    void onGet(long bytes) {
        gets.increment();
        bytesRead.add(bytes);
    }

    void onSegmentsCreated(long count) {
        segmentsCreated.add(count);
    }

    /** Zeroes every counter. */
    public void reset() {
        appends.reset();
        deletes.reset();
        updates.reset();
        gets.reset();
        bytesAppended.reset();
        bytesRead.reset();
        segmentsCreated.reset();
    }

    /** The current values. */
    public Snapshot snapshot() {
        return new Snapshot(appends.sum(), deletes.sum(), updates.sum(), gets.sum(), bytesAppended.sum(),
            bytesRead.sum(), segmentsCreated.sum());
    }

    /** Values of the counters at one moment (each read separately, so not an atomic cut). */
    public record Snapshot(long appends, long deletes, long updates, long gets, long bytesAppended, long bytesRead,
                           long segmentsCreated) {
    }
}
