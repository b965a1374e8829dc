package io.kronotop.volume.test;

import io.kronotop.volume.EntryLocation;
import io.kronotop.volume.SegmentStore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appender threads that append payloads {@link Payloads#payload(long, long, int)} with increasing ids, keep a few
 * appends in flight each, and record every acknowledged id with its location.
 */
public final class Workload implements AutoCloseable {
    private final Map<Long, EntryLocation> acked = new ConcurrentHashMap<>();
    private final AtomicLong nextId;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    public Workload(SegmentStore store, long seed, int maxLength, int threadCount, long firstId) {
        this.nextId = new AtomicLong(firstId);
        for (int t = 0; t < threadCount; t++) {
            threads.add(Thread.ofPlatform().name("appender-" + t).daemon().start(() -> {
                ArrayDeque<CompletableFuture<EntryLocation>> inFlight = new ArrayDeque<>();
                while (!stop) {
                    long id = nextId.getAndIncrement();
                    CompletableFuture<EntryLocation> future =
                        store.append(id, Payloads.segment(Payloads.payload(seed, id, maxLength)));
                    future.thenAccept(location -> acked.put(id, location));
                    inFlight.add(future);
                    if (inFlight.size() >= 8) {
                        try {
                            inFlight.poll().join();
                        } catch (RuntimeException e) {
                            // failed appends are expected after an injected fault
                        }
                    }
                }
            }));
        }
    }

    /** Acknowledged ids and their locations; complete once the store is closed. */
    public Map<Long, EntryLocation> acked() {
        return acked;
    }

    /** The next id not handed out yet. */
    public long nextId() {
        return nextId.get();
    }

    /** Stops the appender threads and waits for them. */
    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
