package io.kronotop.server.metrics;

import io.kronotop.server.reactor.ReactorThread;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A counter for the hot path: each reactor thread adds to a cell of its own, on its own cache line, with a plain read
 * and an ordered write and no atomic instruction (it is that cell's only writer); any other thread adds to a shared
 * cell atomically. {@link #sum()} reads every cell, so it may miss adds under way, as a {@code LongAdder} may.
 */
public final class StripedCounter {
    /** Longs per 64-byte cache line: cells this far apart never share one. */
    private static final int SPACING = 8;

    private final int stripes;
    /** Cell 0: other threads; cell (n + 1) * SPACING: reactor n. */
    private final AtomicLongArray cells;
    /** What {@link #reset()} saw: a reset never writes another thread's cell. */
    private volatile long baseline;

    /** A counter with a cell for each of the reactors numbered 0 to {@code stripes - 1}. */
    public StripedCounter(int stripes) {
        this.stripes = Math.max(0, stripes);
        this.cells = new AtomicLongArray((this.stripes + 1) * SPACING);
    }

    public void increment() {
        add(1);
    }

    public void add(long x) {
        int n = ReactorThread.currentNumber();
        if (n < 0 || n >= stripes) {
            cells.getAndAdd(0, x);
        } else {
            int i = (n + 1) * SPACING;
            cells.setRelease(i, cells.getPlain(i) + x);
        }
    }

    /** The adds since the start or the last {@link #reset()}. */
    public long sum() {
        return raw() - baseline;
    }

    /** Counts from zero again (CONFIG RESETSTAT); adds that race with it may land on either side. */
    public void reset() {
        baseline = raw();
    }

    private long raw() {
        long total = 0;
        for (int i = 0; i < cells.length(); i += SPACING) {
            total += cells.getAcquire(i);
        }
        return total;
    }
}
