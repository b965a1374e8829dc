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
 * @param stageMaxBytes         largest pack made durable by one metastore commit (staged) instead of a volume sync
 *                              and a commit; 0 turns staging off
 * @param stageMoveBytes        staged bytes that start moving the staged packs into the volume
 * @param stageMoveAfterMs      the staged packs are moved at the latest this long after the first of them
 * @param patchMinBytes         strings of at least this many bytes changed in place are written as patches of the
 *                              changed bytes ({@link ShardPersistence#patchString}); smaller ones whole
 */
public record StashConfig(StashDurability durability, long asyncWindowMs, long asyncMaxPendingBytes,
                          int recoveryPageEntries, long logMinBytes, int stageMaxBytes, long stageMoveBytes,
                          long stageMoveAfterMs, int patchMinBytes) {
    /** The largest staged pack: a metastore value holds at most 100,000 bytes. */
    public static final int STAGE_LIMIT_BYTES = 90_000;

    public StashConfig {
        if (durability == null) {
            throw new IllegalArgumentException("durability");
        }
        if (asyncWindowMs < 1 || asyncMaxPendingBytes < 1 || recoveryPageEntries < 1 || logMinBytes < 1
            || stageMoveBytes < 1 || stageMoveAfterMs < 1) {
            throw new IllegalArgumentException("stash settings must be positive");
        }
        if (patchMinBytes < 0) {
            throw new IllegalArgumentException("patch min bytes must not be negative");
        }
        if (stageMaxBytes < 0 || stageMaxBytes > STAGE_LIMIT_BYTES) {
            throw new IllegalArgumentException("stage max bytes outside [0, " + STAGE_LIMIT_BYTES + "]");
        }
    }

    /**
     * Sync mode, a 1 s async window, 64 MiB of async backlog, pages of 10,000 entries, a 32 MiB log, packs of up to
     * 32 KiB staged and moved by 256 KiB or after a second, strings of 4 KiB and more patched.
     */
    public static StashConfig defaults() {
        return new StashConfig(StashDurability.SYNC, 1000, 64L << 20, 10_000, 32L << 20, 32 << 10, 256 << 10, 1000,
            4096);
    }

    public StashConfig withDurability(StashDurability newDurability) {
        return new StashConfig(newDurability, asyncWindowMs, asyncMaxPendingBytes, recoveryPageEntries, logMinBytes,
            stageMaxBytes, stageMoveBytes, stageMoveAfterMs, patchMinBytes);
    }

    public StashConfig withAsyncWindowMs(long windowMs) {
        return new StashConfig(durability, windowMs, asyncMaxPendingBytes, recoveryPageEntries, logMinBytes,
            stageMaxBytes, stageMoveBytes, stageMoveAfterMs, patchMinBytes);
    }

    public StashConfig withAsyncMaxPendingBytes(long maxPendingBytes) {
        return new StashConfig(durability, asyncWindowMs, maxPendingBytes, recoveryPageEntries, logMinBytes,
            stageMaxBytes, stageMoveBytes, stageMoveAfterMs, patchMinBytes);
    }

    public StashConfig withLogMinBytes(long minBytes) {
        return new StashConfig(durability, asyncWindowMs, asyncMaxPendingBytes, recoveryPageEntries, minBytes,
            stageMaxBytes, stageMoveBytes, stageMoveAfterMs, patchMinBytes);
    }

    /**
     * Staging: packs of at most {@code maxBytes} (0: none) staged, moved by {@code moveBytes} or after
     * {@code moveAfterMs}.
     */
    public StashConfig withStage(int maxBytes, long moveBytes, long moveAfterMs) {
        return new StashConfig(durability, asyncWindowMs, asyncMaxPendingBytes, recoveryPageEntries, logMinBytes,
            maxBytes, moveBytes, moveAfterMs, patchMinBytes);
    }

    /** Strings of at least {@code minBytes} changed in place are written as patches. */
    public StashConfig withPatchMinBytes(int minBytes) {
        return new StashConfig(durability, asyncWindowMs, asyncMaxPendingBytes, recoveryPageEntries, logMinBytes,
            stageMaxBytes, stageMoveBytes, stageMoveAfterMs, minBytes);
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
            config.getLong(ConfigKeys.STASH_LOG_MIN_BYTES, 1, Long.MAX_VALUE),
            config.getInt(ConfigKeys.STASH_STAGE_MAX_BYTES, 0, STAGE_LIMIT_BYTES),
            config.getLong(ConfigKeys.STASH_STAGE_MOVE_BYTES, 1, Long.MAX_VALUE),
            config.getLong(ConfigKeys.STASH_STAGE_MOVE_AFTER_MS, 1, 3_600_000),
            config.getInt(ConfigKeys.STASH_PATCH_MIN_BYTES, 0, Integer.MAX_VALUE));
    }
}
