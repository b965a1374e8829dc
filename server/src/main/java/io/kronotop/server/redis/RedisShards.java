package io.kronotop.server.redis;

import io.kronotop.server.protocol.BufferCopy;
import io.kronotop.server.reactor.Reactors;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The REDIS shards of this member: slot {@code s} belongs to shard {@code s * n / 16384} (contiguous ranges),
 * shard {@code i} is owned by reactor {@code i % reactors}. Also the routing seam ({@link #resolve}) and the
 * memory bound. Built once at start; thread-safe.
 */
public final class RedisShards implements AutoCloseable {
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    private static final long EXPIRE_PERIOD_MS = 100;
    private static final long EXPIRE_BUDGET_NS = TimeUnit.MILLISECONDS.toNanos(2);

    private final RedisShard[] shards;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private volatile long maxMemoryBytes;
    /** Replaced whole on every routing change (routing thread); read by any reactor. */
    private volatile SlotRouting routing;
    private final Saves saves = new Saves(this);
    private final Rewrites rewrites = new Rewrites(this);

    public RedisShards(int count, Reactors reactors, long maxMemoryBytes) {
        if (count < 1 || count > SlotHash.SLOTS) {
            throw new IllegalArgumentException("the number of REDIS shards must be 1 to 16384: " + count);
        }
        this.shards = new RedisShard[count];
        for (int i = 0; i < count; i++) {
            int first = (int) ((long) i * SlotHash.SLOTS / count);
            int last = (int) ((long) (i + 1) * SlotHash.SLOTS / count) - 1;
            shards[i] = new RedisShard(i, first, last, reactors.get(i % reactors.size()));
        }
        this.maxMemoryBytes = maxMemoryBytes;
        this.routing = SlotRouting.allLocal(count);
    }

    /**
     * Warms the memory that looking up the keys of requests not yet run will read, for the keys of this reactor's
     * own shards (see {@link KeyTable#touch}): {@code lengths[i]} bytes at {@code offsets[i]} of {@code buf}, as
     * {@link io.kronotop.server.protocol.RequestSink#lookAhead} gives them. Changes nothing; keys longer than
     * 64 bytes, keys beyond the 32nd and keys of other reactors' shards are left out. Reactor threads only.
     */
    public void touch(ByteBuf buf, int[] offsets, int[] lengths, int n) {
        TouchScratch scratch = TOUCH_SCRATCH.get();
        byte[] key = scratch.key;
        KeyTable[] tables = scratch.tables;
        int[] hashes = scratch.hashes;
        int m = 0;
        for (int i = 0; i < n && m < tables.length; i++) {
            int length = lengths[i];
            if (length > TouchScratch.MAX_KEY) {
                continue;
            }
            BufferCopy.copy(buf, offsets[i], key, 0, length);
            RedisShard shard = shards.length == 1 ? shards[0] : forSlot(SlotHash.slot(key, 0, length));
            if (shard.owner().inEventLoop()) {
                tables[m] = shard.keyTable();
                hashes[m] = KeyTable.hash(key, 0, length);
                m++;
            }
        }
        if (m > 1) {
            scratch.sink += KeyTable.touch(tables, hashes, m, scratch.nodes);
        }
        Arrays.fill(tables, 0, m, null);
    }

    /** A reactor's scratch for {@link #touch}. */
    private static final class TouchScratch {
        static final int MAX_KEY = 64;
        static final int MAX_KEYS = 32;

        final byte[] key = new byte[MAX_KEY];
        final KeyTable[] tables = new KeyTable[MAX_KEYS];
        final int[] hashes = new int[MAX_KEYS];
        final Object[] nodes = new Object[MAX_KEYS];
        /** Where {@link KeyTable#touch}'s result goes, so that its loads are not optimised away. */
        int sink;
    }

    private static final FastThreadLocal<TouchScratch> TOUCH_SCRATCH = new FastThreadLocal<>() {
        @Override
        protected TouchScratch initialValue() {
            return new TouchScratch();
        }
    };

    /**
     * Starts active expiry on every shard's reactor; it skips its rounds while {@code paused} says so (CLIENT
     * PAUSE: the data stays as it was while clients wait).
     */
    public void start(BooleanSupplier paused) {
        for (RedisShard shard : shards) {
            timers.add(shard.owner().scheduleAtFixedRate(
                () -> {
                    if (paused.getAsBoolean()) {
                        return;
                    }
                    if (shard.expireCycle(System.currentTimeMillis(), EXPIRE_BUDGET_NS) > 0) {
                        shard.endCommand(); // the deletes reach the listener (persistence) now
                    }
                },
                EXPIRE_PERIOD_MS, EXPIRE_PERIOD_MS, TimeUnit.MILLISECONDS));
        }
    }

    /** SAVE, BGSAVE and LASTSAVE over these shards' persistence. */
    public Saves saves() {
        return saves;
    }

    /**
     * Runs {@code work} on the shard's reactor, unless the shard is still loading (nothing to do then), and completes
     * when the stage it returns does (at once when it returns null). For SAVE and BGREWRITEAOF.
     */
    static CompletableFuture<Void> onOwner(RedisShard shard, Function<RedisShard, CompletionStage<?>> work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            shard.owner().execute(() -> {
                try {
                    CompletionStage<?> stage = shard.loading() ? null : work.apply(shard);
                    if (stage == null) {
                        done.complete(null);
                    } else {
                        stage.whenComplete((ignored, error) -> {
                            if (error == null) {
                                done.complete(null);
                            } else {
                                done.completeExceptionally(error);
                            }
                        });
                    }
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** BGREWRITEAOF over these shards' persistence. */
    public Rewrites rewrites() {
        return rewrites;
    }

    public int count() {
        return shards.length;
    }

    public RedisShard shard(int index) {
        return shards[index];
    }

    /** The shard index that serves {@code slot}. */
    public int shardOf(int slot) {
        return (int) ((long) slot * shards.length / SlotHash.SLOTS);
    }

    public RedisShard forSlot(int slot) {
        return shards[shardOf(slot)];
    }

    /** Whether this member serves a read of {@code slot}: null when it does, else the error reply to send. */
    public String resolve(int slot) {
        return resolve(slot, false);
    }

    /**
     * Whether this member serves a command on {@code slot}: null when it does, else the error reply to send,
     * {@code MOVED <slot> <host>:<port>} or a shard-status error (see {@link SlotRouting}).
     */
    public String resolve(int slot, boolean write) {
        return routing.refusal(shardOf(slot), slot, write);
    }

    /** The routing decisions in force. */
    public SlotRouting routing() {
        return routing;
    }

    /** Publishes new routing decisions (on every routing change). */
    public void routing(SlotRouting next) {
        if (next == null) {
            throw new IllegalArgumentException("routing");
        }
        this.routing = next;
    }

    public long maxMemoryBytes() {
        return maxMemoryBytes;
    }

    /** CONFIG SET maxmemory; 0 means no limit. */
    public void maxMemoryBytes(long bytes) {
        this.maxMemoryBytes = bytes;
    }

    /** The estimated bytes of every shard's dataset. */
    public long usedMemoryBytes() {
        long sum = 0;
        for (RedisShard s : shards) {
            sum += s.memoryBytes();
        }
        return Math.max(0, sum);
    }

    /** True when a write that may grow memory must be refused. */
    public boolean overMemoryLimit() {
        long max = maxMemoryBytes;
        return max > 0 && usedMemoryBytes() > max;
    }

    public long keys() {
        long sum = 0;
        for (RedisShard s : shards) {
            sum += s.keyCount();
        }
        return sum;
    }

    public long expires() {
        long sum = 0;
        for (RedisShard s : shards) {
            sum += s.expiresCount();
        }
        return sum;
    }

    public long hits() {
        long sum = 0;
        for (RedisShard s : shards) {
            sum += s.hits();
        }
        return sum;
    }

    public long misses() {
        long sum = 0;
        for (RedisShard s : shards) {
            sum += s.misses();
        }
        return sum;
    }

    public long expiredKeys() {
        long sum = 0;
        for (RedisShard s : shards) {
            sum += s.expiredKeys();
        }
        return sum;
    }

    @Override
    public void close() {
        for (ScheduledFuture<?> t : timers) {
            t.cancel(false);
        }
    }
}
