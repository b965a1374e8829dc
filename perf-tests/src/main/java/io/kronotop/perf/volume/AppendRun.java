package io.kronotop.perf.volume;

import org.HdrHistogram.Histogram;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed loop of {@code threads} appenders against one {@link AppendTarget}: each thread appends, waits for the
 * acknowledgement, appends again. Appends that start in the warm-up are not recorded; those that start in the
 * measured window are counted and their latency (start to acknowledgement) goes into the thread's histogram; after
 * the window every thread finishes its append in progress and stops.
 */
final class AppendRun {
    private static final long HIGHEST_NS = 600_000_000_000L;

    private AppendRun() {
    }

    /** What the appender threads measured; {@code issued} counts every append, warm-up included. */
    record Measured(long ops, long issued, double seconds, Histogram latencyNs) {
    }

    static Measured run(AppendTarget target, MemorySegment payload, int threads, long warmupNs, long measureNs)
        throws Exception {
        Histogram[] histograms = new Histogram[threads];
        long[] counted = new long[threads];
        long[] issued = new long[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> workers = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            int index = t;
            histograms[t] = new Histogram(HIGHEST_NS, 3);
            Thread worker = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    long measureStart = window[0];
                    long measureEnd = window[1];
                    while (failure.get() == null) {
                        long startNs = System.nanoTime();
                        if (startNs >= measureEnd) {
                            break;
                        }
                        target.append(index, payload);
                        long ackNs = System.nanoTime();
                        issued[index]++;
                        if (startNs >= measureStart) {
                            counted[index]++;
                            histograms[index].recordValue(Math.min(HIGHEST_NS, ackNs - startNs));
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "perf-appender-" + t);
            workers.add(worker);
            worker.start();
        }
        ready.await();
        long now = System.nanoTime();
        window[0] = now + warmupNs;
        window[1] = window[0] + measureNs;
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("an append failed", failure.get());
        }
        Histogram merged = new Histogram(HIGHEST_NS, 3);
        long ops = 0;
        long all = 0;
        for (int t = 0; t < threads; t++) {
            merged.add(histograms[t]);
            ops += counted[t];
            all += issued[t];
        }
        return new Measured(ops, all, measureNs / 1e9, merged);
    }
}
