package io.kronotop.server.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * BGREWRITEAOF over the REDIS shards' persistence. Redis rewrites its append-only file so that it holds only the
 * current data; here each shard's log of packs is rewritten the same way (its live records written again, every
 * older pack deleted), then a vacuum run reclaims the volume space those packs took. One rewrite at a time. Shards
 * this member does not own, and shards still loading, have nothing to rewrite. Any thread.
 */
public final class Rewrites {
    private static final Logger LOG = LoggerFactory.getLogger(Rewrites.class);

    private final RedisShards shards;
    private final Object lock = new Object();
    /** The rewrite under way, or null; guarded by {@link #lock}. */
    private CompletableFuture<Void> running;
    private volatile boolean lastOk = true;
    private volatile long completed;

    Rewrites(RedisShards shards) {
        this.shards = shards;
    }

    /** Starts a rewrite of every shard; false when one is under way already. */
    public boolean start() {
        synchronized (lock) {
            if (running != null) {
                return false;
            }
            CompletableFuture<?>[] parts = new CompletableFuture<?>[shards.count()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = rewrite(shards.shard(i));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(parts);
            running = all;
            all.whenComplete((ignored, error) -> {
                if (error != null) {
                    LOG.warn("BGREWRITEAOF failed on a shard; the next flushes still bound its log", error);
                } else {
                    LOG.info("BGREWRITEAOF done: every shard's older packs are deleted");
                }
                synchronized (lock) {
                    lastOk = error == null;
                    completed += error == null ? 1 : 0;
                    running = null;
                }
            });
            return true;
        }
    }

    /** Whether a rewrite is under way. */
    public boolean running() {
        synchronized (lock) {
            return running != null;
        }
    }

    /** Whether the last rewrite ended well (true before the first). */
    public boolean lastOk() {
        return lastOk;
    }

    /** Rewrites that ended well since the start. */
    public long completed() {
        return completed;
    }

    private static CompletableFuture<Void> rewrite(RedisShard shard) {
        return RedisShards.onOwner(shard, RedisShard::rewriteLog);
    }
}
