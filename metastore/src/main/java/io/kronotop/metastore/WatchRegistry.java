package io.kronotop.metastore;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** Outstanding watches of one database. Registration and firing happen on the commit thread. */
final class WatchRegistry {
    /** One watch: fires when the key's value differs from {@link #seen}. */
    static final class Watch {
        final byte[] key;
        volatile byte[] seen;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        final Executor executor;

        Watch(byte[] key, Executor executor) {
            this.key = key;
            this.executor = executor;
        }

        void fire() {
            try {
                executor.execute(() -> future.complete(null));
            } catch (RuntimeException rejected) {
                future.complete(null);
            }
        }

        void fail(int code) {
            try {
                executor.execute(() -> future.completeExceptionally(FdbErrors.error(code)));
            } catch (RuntimeException rejected) {
                future.completeExceptionally(FdbErrors.error(code));
            }
        }
    }

    private final ConcurrentSkipListMap<byte[], Set<Watch>> byKey = new ConcurrentSkipListMap<>(Keys.COMPARATOR);
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile int maxWatches = 10_000;

    void maxWatches(int max) {
        this.maxWatches = max;
    }

    /** @return a new watch, or null if the limit is reached */
    Watch tryCreate(byte[] key, Executor executor) {
        while (true) {
            int n = outstanding.get();
            if (n >= maxWatches) {
                return null;
            }
            if (outstanding.compareAndSet(n, n + 1)) {
                break;
            }
        }
        Watch w = new Watch(key, executor);
        w.future.whenComplete((v, t) -> {
            outstanding.decrementAndGet();
            Set<Watch> set = byKey.get(key);
            if (set != null) {
                set.remove(w);
            }
        });
        return w;
    }

    boolean isEmpty() {
        return outstanding.get() == 0;
    }

    /** Whether a watch is registered on {@code key}: the commit thread reads a changed key's value only then. */
    boolean watching(byte[] key) {
        return byKey.containsKey(key);
    }

    /** Activates {@code w}; fires at once if the value already differs. Commit thread only. */
    void register(Watch w, byte[] current) {
        if (w.future.isDone()) {
            return;
        }
        if (!Arrays.equals(current, w.seen)) {
            w.fire();
            return;
        }
        byKey.computeIfAbsent(w.key, k -> ConcurrentHashMap.newKeySet()).add(w);
        if (w.future.isDone()) {
            byKey.get(w.key).remove(w);
        }
    }

    /** Fires watches on {@code key} whose value differs from {@code value}. Commit thread only. */
    void onValue(byte[] key, byte[] value) {
        Set<Watch> set = byKey.get(key);
        if (set == null) {
            return;
        }
        for (Watch w : set) {
            if (!Arrays.equals(value, w.seen)) {
                set.remove(w);
                w.fire();
            }
        }
        if (set.isEmpty()) {
            byKey.remove(key, set);
        }
    }

    /** Fires watches in {@code [begin, end)} that saw a value. Commit thread only. */
    void onClearRange(byte[] begin, byte[] end, MvccStore store, long version) {
        for (Map.Entry<byte[], Set<Watch>> e : byKey.subMap(begin, true, end, false).entrySet()) {
            onValue(e.getKey(), store.get(e.getKey(), version));
        }
    }

    void failAll(int code) {
        for (Set<Watch> set : byKey.values()) {
            for (Watch w : set) {
                w.fail(code);
            }
        }
        byKey.clear();
    }
}
