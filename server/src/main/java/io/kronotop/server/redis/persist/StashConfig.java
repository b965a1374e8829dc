package io.kronotop.server.redis.persist;

import io.kronotop.server.config.ConfigException;
import io.kronotop.server.config.ConfigKeys;
import io.kronotop.server.config.KronotopConfig;

/**
 * Persistence settings of the REDIS shards.
 *
 * @param durability            when writes are acknowledged
 * @param asyncWindowMs         async mode: how often pending changes are written (records reach the volume
 *                              within this window, plus one sync)
 * @param asyncMaxPendingBytes  async mode: record bytes waiting or in flight beyond which writes are acknowledged
 *                              only once durable (backpressure) until the backlog drains
 * @param recoveryPageEntries   entries read per metastore transaction while loading a shard
 * @param logMinBytes           bytes a shard's packs may take before the oldest live records are written again
 *                              to let the packs behind them go ({@link PackLog}); beyond it, the log is kept
 *                              within twice its live bytes
 */
public record StashConfig(StashDurability durability, long asyncWindowMs, long asyncMaxPendingBytes,
                          int recoveryPageEntries, long logMinBytes) {
    public StashConfig {
        if (durability == null) {
            throw new IllegalArgumentException("durability");
        }
        if (asyncWindowMs < 1 || asyncMaxPendingBytes < 1 || recoveryPageEntries < 1 || logMinBytes < 1) {
            throw new IllegalArgumentException("stash settings must be positive");
        }
    }

    /** Sync mode, a 1 s async window, 64 MiB of async backlog, pages of 10,000 entries, a 32 MiB log. */
    public static StashConfig defaults() {
        return new StashConfig(StashDurability.SYNC, 1000, 64L << 20, 10_000, 32L << 20);
    }

    public StashConfig withDurability(StashDurability newDurability) {
        return new StashConfig(newDurability, asyncWindowMs, asyncMaxPendingBytes, recoveryPageEntries, logMinBytes);
    }

    public StashConfig withAsyncWindowMs(long windowMs) {
        return new StashConfig(durability, windowMs, asyncMaxPendingBytes, recoveryPageEntries, logMinBytes);
    }

    public StashConfig withAsyncMaxPendingBytes(long maxPendingBytes) {
        return new StashConfig(durability, asyncWindowMs, maxPendingBytes, recoveryPageEntries, logMinBytes);
    }

    public StashConfig withLogMinBytes(long minBytes) {
        return new StashConfig(durability, asyncWindowMs, asyncMaxPendingBytes, recoveryPageEntries, minBytes);
    }

    /** Reads the {@code stash.*} keys. */
    public static StashConfig from(KronotopConfig config) {
        String text = config.get(ConfigKeys.STASH_DURABILITY);
        StashDurability durability = StashDurability.parse(text);
        if (durability == null) {
            throw new ConfigException("configuration key '" + ConfigKeys.STASH_DURABILITY.name()
                + "' must be sync or async, got '" + text + "'");
        }
        return new StashConfig(durability,
            config.getLong(ConfigKeys.STASH_ASYNC_WINDOW_MS, 1, 3_600_000),
            config.getLong(ConfigKeys.STASH_ASYNC_MAX_PENDING_BYTES, 1, Long.MAX_VALUE),
            config.getInt(ConfigKeys.STASH_RECOVERY_PAGE_ENTRIES, 1, 1_000_000),
            config.getLong(ConfigKeys.STASH_LOG_MIN_BYTES, 1, Long.MAX_VALUE));
    }
}
