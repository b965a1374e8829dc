package io.kronotop.server.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * SAVE, BGSAVE and LASTSAVE over the REDIS shards' persistence. A save makes every write acknowledged before it
 * durable: in async mode each shard hands its pending changes to its volume at once instead of at the end of its
 * window, and the save completes when they are synced; in sync mode they are durable already, so it completes as
 * soon as every shard has answered. Shards this member does not own, and shards still loading, have nothing to
 * save. There is no snapshot file: the volume is the persisted dataset. Any thread.
 */
public final class Saves {
    private static final Logger LOG = LoggerFactory.getLogger(Saves.class);

    /** What {@link #background} did. */
    public enum Start { STARTED, SCHEDULED, ALREADY_RUNNING }

    private final RedisShards shards;
    private final Object lock = new Object();
    /** The background save running, or null; guarded by {@link #lock}. */
    private CompletableFuture<Void> running;
    /** A BGSAVE SCHEDULE arrived while one ran: start another when it ends; guarded by {@link #lock}. */
    private boolean scheduled;
    /** Unix seconds of the last successful save; the start counts as one, as it does for Redis. */
    private volatile long lastSaveSeconds = System.currentTimeMillis() / 1000;
    private volatile boolean lastBackgroundOk = true;

    Saves(RedisShards shards) {
        this.shards = shards;
    }

    /** Saves now: completes once every write acknowledged before this call is durable, or fails. */
    public CompletableFuture<Void> save() {
        CompletableFuture<?>[] parts = new CompletableFuture<?>[shards.count()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = persist(shards.shard(i));
        }
        return CompletableFuture.allOf(parts).thenRun(() -> {
            long now = System.currentTimeMillis() / 1000;
            synchronized (lock) {
                lastSaveSeconds = Math.max(lastSaveSeconds, now);
            }
        });
    }

    /**
     * Starts a save in the background. While one runs, another is refused, or with {@code schedule} started once
     * the running one ends.
     */
    public Start background(boolean schedule) {
        synchronized (lock) {
            if (running != null) {
                if (!schedule) {
                    return Start.ALREADY_RUNNING;
                }
                scheduled = true;
                return Start.SCHEDULED;
            }
            startBackground();
            return Start.STARTED;
        }
    }

    private void startBackground() {
        CompletableFuture<Void> save = save();
        running = save;
        save.whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.warn("Background save failed: some acknowledged writes are not durable yet", error);
            }
            synchronized (lock) {
                lastBackgroundOk = error == null;
                running = null;
                if (scheduled) {
                    scheduled = false;
                    startBackground();
                }
            }
        });
    }

    /** Unix seconds of the last successful SAVE or BGSAVE, or of the server's start. */
    public long lastSaveSeconds() {
        return lastSaveSeconds;
    }

    public boolean backgroundRunning() {
        synchronized (lock) {
            return running != null;
        }
    }

    /** Whether the last background save ended well (true before the first). */
    public boolean lastBackgroundOk() {
        return lastBackgroundOk;
    }

    private static CompletableFuture<Void> persist(RedisShard shard) {
        return RedisShards.onOwner(shard, RedisShard::persistAll);
    }
}
