package io.kronotop.server.redis.persist;

import java.util.Locale;

/** When a write to a REDIS shard is acknowledged: {@code stash.durability}. */
public enum StashDurability {
    /** After its record is synced to the volume and its metadata committed (group commit batches both). */
    SYNC,
    /** At once, from memory; the record is written within {@code stash.async.window.ms}. */
    ASYNC;

    /** Parses {@code sync} or {@code async}, any case; null for anything else. */
    public static StashDurability parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "sync" -> SYNC;
            case "async" -> ASYNC;
            default -> null;
        };
    }
}
