package io.kronotop.server.redis;

import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One REDIS shard: the keyspace of a contiguous range of slots, owned by one reactor. Every read and every
 * mutation runs on {@link #owner()}; there are no locks. Mutations go through this class so that the keys a
 * command changed can be handed to a {@link ShardWriteListener} and watched keys see their versions bumped.
 * The counters INFO reads from other threads are volatile and may be a moment stale.
 */
public final class RedisShard {
    /** The reply to a command for a shard whose dataset is not loaded yet, as Redis answers while it loads. */
    public static final String LOADING = "LOADING Redis is loading the dataset in memory";
    private final int index;
    private final int firstSlot;
    private final int lastSlot;
    private final EventLoop owner;
    private final KeyTable keys = new KeyTable();
    private final ExpiryIndex expiries = new ExpiryIndex();
    private final Map<Bytes, WatchedKey> watched = new HashMap<>();
    private final SplittableRandom random = new SplittableRandom();
    private final List<ShardWriteListener.KeyChange> changes = new ArrayList<>();
    private ShardWriteListener listener = ShardWriteListener.NONE;
    /** True while the shard's dataset is being loaded (or unloaded): its commands answer {@link #LOADING}. */
    private volatile boolean loading = true;

    private volatile long keyCount;
    private volatile long expiresCount;
    private volatile long memoryBytes;
    private volatile long hits;
    private volatile long misses;
    private volatile long expiredKeys;

    RedisShard(int index, int firstSlot, int lastSlot, EventLoop owner) {
        this.index = index;
        this.firstSlot = firstSlot;
        this.lastSlot = lastSlot;
        this.owner = owner;
    }

    public int index() {
        return index;
    }

    /** The reactor that owns this shard. */
    public EventLoop owner() {
        return owner;
    }

    public int firstSlot() {
        return firstSlot;
    }

    public int lastSlot() {
        return lastSlot;
    }

    /**
     * The error reply for a write command while the shard's persistence is failing (see
     * {@link ShardWriteListener#writeRefusal()}), else null. Owner reactor only.
     */
    public String writeRefusal() {
        return listener.writeRefusal();
    }

    /** See {@link ShardWriteListener#persistAll()}. Owner reactor only. */
    public CompletionStage<?> persistAll() {
        return listener.persistAll();
    }

    /** See {@link ShardWriteListener#rewriteLog()}. Owner reactor only. */
    public CompletionStage<?> rewriteLog() {
        return listener.rewriteLog();
    }

    /** Installs the persistence listener; before the server serves requests. */
    public void listener(ShardWriteListener listener) {
        this.listener = listener;
    }

    /**
     * Whether the shard's dataset is being loaded from its volume (or handed over): commands for it are
     * refused with {@link #LOADING}. True from construction until the owner of the shard's lifecycle (the
     * persistence wiring) says otherwise. Any thread may read; the owner reactor writes.
     */
    public boolean loading() {
        return loading;
    }

    public void loading(boolean value) {
        this.loading = value;
    }

    /**
     * Drops the whole dataset from memory without telling the listener (the shard moved to another member,
     * or is about to be reloaded); watched keys that existed see a change. Owner reactor only.
     */
    public void drop() {
        ShardWriteListener saved = listener;
        listener = ShardWriteListener.NONE;
        try {
            flushMemory();
        } finally {
            listener = saved;
            changes.clear();
        }
    }

    // ---- reads

    /** A key for reading, counting a keyspace hit or miss; expired keys are deleted first. Null when absent. */
    public Entry read(byte[] key, long nowMs) {
        return read(key, 0, key.length, nowMs);
    }

    /** {@link #read(byte[], long)} of the key made of {@code length} bytes of {@code key} at {@code offset}. */
    public Entry read(byte[] key, int offset, int length, long nowMs) {
        Entry e = lookup(key, offset, length, nowMs);
        if (e == null) {
            misses++;
        } else {
            hits++;
            e.lastAccessMs = nowMs;
        }
        return e;
    }

    /** A key for writing or inspecting, without hit counting; expired keys are deleted first. */
    public Entry lookup(byte[] key, long nowMs) {
        return lookup(key, 0, key.length, nowMs);
    }

    /** {@link #lookup(byte[], long)} of the key made of {@code length} bytes of {@code key} at {@code offset}. */
    public Entry lookup(byte[] key, int offset, int length, long nowMs) {
        assert owner.inEventLoop();
        Entry e = keys.get(key, offset, length);
        if (e != null && e.expireAtMs >= 0 && e.expireAtMs <= nowMs) {
            expire(e);
            return null;
        }
        return e;
    }

    /** A key as stored, expired or not, without touching it (no expiry, no hit counting, no access time). */
    public Entry peek(byte[] key) {
        assert owner.inEventLoop();
        return keys.get(key, 0, key.length);
    }

    KeyTable keyTable() {
        return keys;
    }

    public int size() {
        return keys.size();
    }

    public long keyCount() {
        return keyCount;
    }

    public long expiresCount() {
        return expiresCount;
    }

    public long memoryBytes() {
        return memoryBytes;
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    public long expiredKeys() {
        return expiredKeys;
    }

    /** A random live key, or null. */
    public Entry randomKey(long nowMs) {
        for (int attempt = 0; attempt < 100; attempt++) {
            Entry e = keys.random(random);
            if (e == null) {
                return null;
            }
            if (e.expireAtMs < 0 || e.expireAtMs > nowMs) {
                return e;
            }
            expire(e);
        }
        return null;
    }

    /** One step of SCAN over this shard; returns the next position, 0 when done. */
    public long scan(long position, Consumer<Entry> visitor) {
        return keys.scan(position, visitor);
    }

    /** Every key, for KEYS; expired ones are skipped (not deleted while iterating). */
    public void forEachLive(long nowMs, Consumer<Entry> visitor) {
        keys.forEach(e -> {
            if (e.expireAtMs < 0 || e.expireAtMs > nowMs) {
                visitor.accept(e);
            }
        });
    }

    // ---- mutations

    /** Creates or replaces {@code key} with {@code value}; {@code expireAtMs} -1 removes any expiry. */
    public Entry put(byte[] key, RedisValue value, long expireAtMs, long nowMs) {
        return put(lookup(key, nowMs), key, value, expireAtMs, nowMs);
    }

    /**
     * {@link #put(byte[], RedisValue, long, long)} when the caller has just looked the key up: {@code e} is what
     * {@link #lookup} returned, and {@code key} (kept by the shard) is only read when {@code e} is null.
     */
    public Entry put(Entry e, byte[] key, RedisValue value, long expireAtMs, long nowMs) {
        RedisValue old = null;
        if (e == null) {
            e = keys.add(key, value);
            keyCount = keys.size();
        } else {
            old = e.value;
            e.value = value;
        }
        e.lastAccessMs = nowMs;
        expiry(e, expireAtMs);
        account(e);
        changed(e.key, old, value, expireAtMs);
        return e;
    }

    /** Replaces the value of an existing key, keeping its expiry. */
    public void replace(Entry e, RedisValue value) {
        RedisValue old = e.value;
        e.value = value;
        account(e);
        changed(e.key, old, value, e.expireAtMs);
    }

    /** A value changed in place (hash fields): re-accounts it and records the change. */
    public void modified(Entry e) {
        account(e);
        changed(e.key, e.value, e.value, e.expireAtMs);
    }

    /** A field of the hash of {@code e} was set to {@code value}, or deleted ({@code value} null), in place. */
    public void fieldChanged(Entry e, byte[] field, byte[] value) {
        account(e);
        bumpWatch(e.key);
        if (listener != ShardWriteListener.NONE) {
            changes.add(new ShardWriteListener.KeyChange(e.key, e.value, e.value, e.expireAtMs, field, value, -1, -1));
        }
    }

    /** Sets ({@code >= 0}) or removes ({@code -1}) the expiry of an existing key. */
    public void expireAt(Entry e, long expireAtMs) {
        expiry(e, expireAtMs);
        changed(e.key, e.value, e.value, expireAtMs);
        if (e.value instanceof StringValue) {
            changedRange(0, 0); // the bytes stay: persistence writes the expiry alone
        }
    }

    /**
     * The string change just reported ({@link #put}, {@link #replace}) changed only the bytes in {@code [from, to)}:
     * the others are as before, or zero past the old end (everywhere for a new key). Persistence then writes those
     * bytes rather than the whole value.
     */
    public void changedRange(long from, long to) {
        if (listener != ShardWriteListener.NONE && !changes.isEmpty()) {
            ShardWriteListener.KeyChange c = changes.getLast();
            changes.set(changes.size() - 1, new ShardWriteListener.KeyChange(c.key(), c.oldValue(), c.newValue(),
                c.expireAtMs(), null, null, from, to));
        }
    }

    public void delete(Entry e) {
        remove(e);
        changed(e.key, e.value, null, -1);
    }

    /**
     * Deletes every key; the watched ones that existed see a change. The listener is told with one
     * {@link ShardWriteListener.KeyChange#FLUSH} change rather than one per key.
     */
    public long flush() {
        long removed = flushMemory();
        if (listener != ShardWriteListener.NONE) {
            changes.add(ShardWriteListener.KeyChange.FLUSH);
        }
        return removed;
    }

    private long flushMemory() {
        long removed = keys.size();
        for (WatchedKey w : watched.values()) {
            if (keys.get(w.key.bytes()) != null) {
                w.version++;
            }
        }
        keys.clear();
        expiries.clear();
        keyCount = 0;
        expiresCount = 0;
        memoryBytes = 0;
        return removed;
    }

    /**
     * Active expiry, Redis-like: samples keys with an expiry and deletes the expired ones, again while more
     * than a quarter of a sample had expired, within {@code budgetNs}. Returns the number deleted.
     */
    public int expireCycle(long nowMs, long budgetNs) {
        long deadline = System.nanoTime() + budgetNs;
        int total = 0;
        while (expiries.size() > 0) {
            int expired = 0;
            int sample = Math.min(20, expiries.size());
            for (int i = 0; i < sample && expiries.size() > 0; i++) {
                Entry e = expiries.get(random.nextInt(expiries.size()));
                if (e.expireAtMs <= nowMs) {
                    expire(e);
                    expired++;
                }
            }
            total += expired;
            if (expired * 4 <= sample || System.nanoTime() > deadline) {
                break;
            }
        }
        return total;
    }

    // ---- commands and persistence

    /**
     * Ends a command: hands the keys it changed to the listener. Returns null when its reply may go now,
     * else the stage it must wait for.
     */
    public CompletionStage<?> endCommand() {
        if (changes.isEmpty()) {
            return null;
        }
        try {
            return listener.onWrite(this, changes);
        } finally {
            changes.clear();
        }
    }

    // ---- WATCH

    public WatchedKey watch(byte[] key) {
        WatchedKey w = watched.computeIfAbsent(new Bytes(key), k -> new WatchedKey(this, k));
        w.watchers++;
        return w;
    }

    public void unwatch(WatchedKey w) {
        if (--w.watchers <= 0) {
            watched.remove(w.key);
        }
    }

    /** EXEC's check on this shard: watched keys that expired since count as changed. */
    public void expireWatched(long nowMs) {
        if (watched.isEmpty()) {
            return;
        }
        for (WatchedKey w : new ArrayList<>(watched.values())) {
            lookup(w.key.bytes(), nowMs);
        }
    }

    // ---- internals

    private void expire(Entry e) {
        remove(e);
        expiredKeys++;
        changed(e.key, e.value, null, -1);
    }

    private void remove(Entry e) {
        keys.remove(e);
        if (e.expiryIndex >= 0) {
            expiries.remove(e);
            expiresCount = expiries.size();
        }
        memoryBytes -= e.accountedBytes;
        e.accountedBytes = 0;
        keyCount = keys.size();
    }

    private void expiry(Entry e, long expireAtMs) {
        e.expireAtMs = expireAtMs;
        if (expireAtMs >= 0 && e.expiryIndex < 0) {
            expiries.add(e);
        } else if (expireAtMs < 0 && e.expiryIndex >= 0) {
            expiries.remove(e);
        }
        expiresCount = expiries.size();
    }

    private void account(Entry e) {
        long now = e.memoryBytes();
        memoryBytes += now - e.accountedBytes;
        e.accountedBytes = now;
    }

    private void bumpWatch(byte[] key) {
        if (!watched.isEmpty()) {
            WatchedKey w = watched.get(new Bytes(key));
            if (w != null) {
                w.version++;
            }
        }
    }

    private void changed(byte[] key, RedisValue old, RedisValue value, long expireAtMs) {
        bumpWatch(key);
        if (listener != ShardWriteListener.NONE) {
            changes.add(new ShardWriteListener.KeyChange(key, old, value, expireAtMs));
        }
    }

    /** The keys with an expiry, in an array for O(1) sampling and removal. */
    private static final class ExpiryIndex {
        private Entry[] entries = new Entry[16];
        private int size;

        int size() {
            return size;
        }

        Entry get(int i) {
            return entries[i];
        }

        void add(Entry e) {
            if (size == entries.length) {
                entries = java.util.Arrays.copyOf(entries, size * 2);
            }
            e.expiryIndex = size;
            entries[size++] = e;
        }

        void remove(Entry e) {
            int i = e.expiryIndex;
            Entry last = entries[--size];
            entries[i] = last;
            last.expiryIndex = i;
            entries[size] = null;
            e.expiryIndex = -1;
        }

        void clear() {
            entries = new Entry[16];
            size = 0;
        }
    }
}
