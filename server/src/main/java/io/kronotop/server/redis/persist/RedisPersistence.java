package io.kronotop.server.redis.persist;

import com.apple.foundationdb.Database;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.RedisShards;
import io.kronotop.server.redis.Saves;
import io.kronotop.server.redis.ShardWriteListener;
import io.kronotop.server.redis.StringValue;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeConfig;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Connects the REDIS shards of this member to their volumes, following the routing table. When this member becomes
 * a shard's primary and the shard's volume is open, the shard is loaded from the volume on its owner reactor
 * ({@link RedisShard#loading()} is true meanwhile, so its commands answer {@code -LOADING}); then every change is
 * persisted through a {@link PersistingWriteListener}. When the shard moves to another member, its persistence is
 * flushed and closed and its data dropped from memory, before the volume is closed. Volumes are local: the new
 * primary loads what its own volume holds (nothing, the first time), the old data stays on the old member's disk.
 *
 * <p>Threads: {@link #release}, {@link #acquire} and {@link #close} on the cluster's routing thread (or the
 * start/stop thread while that is not running); they may block it. The shard work runs on each owner reactor.
 * {@link #writeInfo} from any thread.
 */
public final class RedisPersistence {
    /** The 8-byte prefix of stash records in a REDIS shard's volume ("STASH"). */
    public static final long PREFIX = 0x5354415348L;
    private static final Logger LOG = LoggerFactory.getLogger(RedisPersistence.class);
    /** Largest stash record a REDIS shard's volume accepts: a 512 MiB value (Redis's limit) plus 1 MiB of key. */
    public static final int MAX_RECORD_BYTES = (512 << 20) + (1 << 20);
    private static final long STATS_PERIOD_MS = 500;
    private static final long HANDOVER_TIMEOUT_MS = 60_000;

    private final RedisShards shards;
    private final Database db;
    private final StashConfig config;
    private final Executor reader;
    private final boolean[] bound;
    private final CompletableFuture<?>[] chain;
    private final AtomicReferenceArray<Attached> attached;

    /** One loaded shard: its persistence and the figures INFO reads. */
    private static final class Attached {
        final ShardPersistence persistence;
        final RecoverySummary summary;
        volatile PersistenceStats stats;
        ScheduledFuture<?> statsTimer;

        Attached(ShardPersistence persistence, RecoverySummary summary) {
            this.persistence = persistence;
            this.summary = summary;
            this.stats = persistence.stats();
        }
    }

    /**
     * @param reader where the shards' cleaners read packs back, off the reactors (the server's offload threads)
     */
    public RedisPersistence(RedisShards shards, Database db, StashConfig config, Executor reader) {
        this.shards = shards;
        this.db = db;
        this.config = config;
        this.reader = reader;
        this.bound = new boolean[shards.count()];
        this.chain = new CompletableFuture<?>[shards.count()];
        this.attached = new AtomicReferenceArray<>(shards.count());
        for (int i = 0; i < chain.length; i++) {
            chain[i] = CompletableFuture.completedFuture(null);
        }
    }

    /**
     * The settings of a REDIS shard's volume: those of the other volumes, with an entry limit large enough for
     * Redis's largest value ({@link #MAX_RECORD_BYTES}). A record must also fit in one segment, so with
     * {@code volume.segment.size.bytes} below that, the segment size is the limit and larger writes fail.
     */
    public static VolumeConfig volumeConfig(VolumeConfig base) {
        return new VolumeConfig(base.segmentSizeBytes(), MAX_RECORD_BYTES, base.flushMaxBatchEntries(),
            base.flushMaxBatchBytes(), base.flushMaxDelayUs());
    }

    public StashConfig config() {
        return config;
    }

    /**
     * Hands over the shards this member no longer owns: flushes and closes their persistence, drops their data from
     * memory. Blocks until done (at most a minute per shard), so their volumes can be closed next.
     */
    public void release(Set<Integer> owned) {
        for (int i = 0; i < bound.length; i++) {
            if (bound[i] && !owned.contains(i)) {
                bound[i] = false;
                int index = i;
                then(i, () -> unload(index, true));
                await(i, "hand-over");
            }
        }
    }

    /**
     * Loads the owned shards whose volume is open ({@code volumeOf} answers null when it is not: they stay LOADING
     * until a later routing change opens it), and lets the shards owned by no one here serve (the routing seam
     * decides what they answer). Does not wait for the loads.
     */
    public void acquire(Set<Integer> owned, IntFunction<Volume> volumeOf) {
        for (int i = 0; i < bound.length; i++) {
            RedisShard shard = shards.shard(i);
            boolean failed = bound[i] && chain[i].isDone() && attached.get(i) == null;
            if (owned.contains(i) && (!bound[i] || failed)) {
                Volume volume = volumeOf.apply(i);
                if (volume == null) {
                    LOG.warn("REDIS shard {}: primary here but its volume is not open; answering LOADING", i);
                    continue;
                }
                bound[i] = true;
                then(i, () -> load(shard, volume));
            } else if (!owned.contains(i) && !bound[i]) {
                then(i, () -> {
                    shard.loading(false);
                    return CompletableFuture.completedFuture(null);
                });
            }
        }
    }

    /** Waits until every load and hand-over started so far has finished; false on timeout. */
    public boolean awaitIdle(long timeoutMs) {
        try {
            CompletableFuture.allOf(chain.clone()).handle((r, e) -> null).get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Graceful stop, before the reactors stop: every loaded shard is flushed and closed; commands arriving later
     * answer LOADING (they are not acknowledged, so nothing acknowledged is lost).
     */
    public void close() {
        for (int i = 0; i < bound.length; i++) {
            if (bound[i]) {
                bound[i] = false;
                int index = i;
                then(i, () -> unload(index, false));
                await(i, "shutdown");
            }
        }
    }

    private void then(int i, Supplier<CompletionStage<Void>> work) {
        RedisShard shard = shards.shard(i);
        chain[i] = chain[i].handle((r, e) -> null).thenCompose(ignored -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                shard.owner().execute(() -> {
                    try {
                        work.get().whenComplete((r, e) -> complete(done, e));
                    } catch (RuntimeException e) {
                        done.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                done.completeExceptionally(e);
            }
            return done;
        });
    }

    private static void complete(CompletableFuture<Void> done, Throwable error) {
        if (error != null) {
            done.completeExceptionally(error);
        } else {
            done.complete(null);
        }
    }

    private void await(int i, String what) {
        try {
            chain[i].get(HANDOVER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("REDIS shard {}: {} did not complete cleanly: {}", i, what, e.toString());
        }
    }

    /** Owner reactor: (re)loads the shard from its volume. */
    private CompletionStage<Void> load(RedisShard shard, Volume volume) {
        shard.loading(true);
        shard.listener(ShardWriteListener.NONE);
        shard.drop();
        ShardPersistence persistence = new ShardPersistence(volume, db, PREFIX, config, shard.owner(), reader,
            System::currentTimeMillis);
        long startNs = System.nanoTime();
        return persistence.recover(new ShardLoader(shard)).handleAsync((summary, error) -> {
            if (error != null) {
                LOG.error("REDIS shard {}: cannot load from volume {}; answering LOADING until a routing change "
                    + "retries", shard.index(), volume.name(), error);
                shard.drop();
                throw new IllegalStateException("load failed", error);
            }
            Attached a = new Attached(persistence, summary);
            a.statsTimer = shard.owner().scheduleAtFixedRate(() -> a.stats = persistence.stats(), STATS_PERIOD_MS,
                STATS_PERIOD_MS, TimeUnit.MILLISECONDS);
            attached.set(shard.index(), a);
            persistence.currentStrings(key -> {
                Entry e = shard.peek(key);
                return e != null && e.value() instanceof StringValue v
                    ? new ShardPersistence.CurrentString(v.bytes(), e.expireAtMs() < 0 ? ShardPersistence.NO_EXPIRY
                        : e.expireAtMs()) : null;
            });
            shard.listener(new PersistingWriteListener(persistence));
            shard.loading(false);
            LOG.info("REDIS shard {} loaded from volume {} in {} ms: {} keys (durability {})", shard.index(),
                volume.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs), shard.keyCount(),
                config.durability().name().toLowerCase(java.util.Locale.ROOT));
            return null;
        }, shard.owner());
    }

    /** Owner reactor: flushes and closes the shard's persistence; {@code drop} also empties the shard. */
    private CompletionStage<Void> unload(int index, boolean drop) {
        RedisShard shard = shards.shard(index);
        Attached a = attached.getAndSet(index, null);
        shard.loading(true);
        if (a == null) {
            finishUnload(shard, drop);
            return CompletableFuture.completedFuture(null);
        }
        return a.persistence.close().handleAsync((r, error) -> {
            if (error != null) {
                LOG.error("REDIS shard {}: flush before hand-over failed; changes not yet durable are lost", index,
                    error);
            }
            if (a.statsTimer != null) {
                a.statsTimer.cancel(false);
            }
            finishUnload(shard, drop);
            return null;
        }, shard.owner());
    }

    private static void finishUnload(RedisShard shard, boolean drop) {
        shard.listener(ShardWriteListener.NONE);
        if (drop) {
            shard.drop();
            shard.loading(false);
            LOG.info("REDIS shard {} handed over: persistence flushed and closed, data dropped from memory",
                shard.index());
        }
    }

    /** INFO's Persistence section: Redis's field names where they fit, then the stash's own figures. */
    public void writeInfo(StringBuilder sb) {
        long loading = 0;
        long persisted = 0;
        long keys = 0;
        long entries = 0;
        long dirty = 0;
        long inFlight = 0;
        long backlog = 0;
        long failed = 0;
        long failing = 0;
        long loadedKeys = 0;
        long stagedPacks = 0;
        long stagedBytes = 0;
        long patches = 0;
        long patchedWhole = 0;
        long flushes = 0;
        long flushMicros = 0;
        for (int i = 0; i < shards.count(); i++) {
            loading += shards.shard(i).loading() ? 1 : 0;
            Attached a = attached.get(i);
            if (a == null) {
                continue;
            }
            PersistenceStats s = a.stats;
            persisted++;
            keys += s.keys();
            entries += s.entries();
            dirty += s.dirtySlots();
            inFlight += s.inFlight();
            backlog += s.backlogBytes();
            failed += s.failedWrites();
            failing += s.failingSlots();
            stagedPacks += s.stagedPacks();
            stagedBytes += s.stagedBytes();
            patches += s.patches();
            patchedWhole += s.patchedWhole();
            flushes += s.flushes();
            flushMicros += s.flushMicros();
            loadedKeys += a.summary.strings() + a.summary.hashes();
        }
        sb.append("# Persistence\r\n");
        field(sb, "loading", loading > 0 ? 1 : 0);
        field(sb, "async_loading", 0);
        field(sb, "loading_shards", loading);
        field(sb, "rdb_changes_since_last_save", dirty);
        Saves saves = shards.saves();
        field(sb, "rdb_bgsave_in_progress", saves.backgroundRunning() ? 1 : 0);
        field(sb, "rdb_last_save_time", saves.lastSaveSeconds());
        field(sb, "rdb_last_bgsave_status", saves.lastBackgroundOk() ? "ok" : "err");
        field(sb, "aof_enabled", persisted > 0 ? 1 : 0);
        field(sb, "aof_rewrite_in_progress", shards.rewrites().running() ? 1 : 0);
        field(sb, "aof_rewrite_scheduled", 0);
        field(sb, "aof_last_bgrewrite_status", shards.rewrites().lastOk() ? "ok" : "err");
        field(sb, "aof_rewrites", shards.rewrites().completed());
        field(sb, "aof_last_write_status", failing > 0 ? "err" : "ok");
        field(sb, "aof_pending_bio_fsync", inFlight);
        field(sb, "stash_durability", config.durability().name().toLowerCase(java.util.Locale.ROOT));
        field(sb, "stash_async_window_ms", config.asyncWindowMs());
        field(sb, "stash_shards_persisted", persisted);
        field(sb, "stash_keys", keys);
        field(sb, "stash_entries", entries);
        field(sb, "stash_dirty_slots", dirty);
        field(sb, "stash_in_flight", inFlight);
        field(sb, "stash_backlog_bytes", backlog);
        field(sb, "stash_failed_writes", failed);
        field(sb, "stash_failing_slots", failing);
        field(sb, "stash_patches", patches);
        field(sb, "stash_patched_whole", patchedWhole);
        field(sb, "stash_loaded_keys", loadedKeys);
        field(sb, "stash_staged_packs", stagedPacks);
        field(sb, "stash_staged_bytes", stagedBytes);
        field(sb, "stash_flushes", flushes);
        field(sb, "stash_flush_usec", flushMicros);
    }

    private static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }
}
