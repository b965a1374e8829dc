package io.kronotop.server.redis;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Told, on the shard's reactor, which keys a command changed, once the command has run. The seam for
 * persistence: a listener that writes the changes to the shard's volume returns a stage that completes
 * when they are durable, and the command's reply waits for it (without blocking the reactor).
 */
@FunctionalInterface
public interface ShardWriteListener {
    /** Keeps everything in memory: replies go out at once. */
    ShardWriteListener NONE = (shard, changes) -> null;

    /**
     * @param changes the keys the command changed, in order; the list is reused after the call
     * @return null or a completed stage when the reply may go now, else a stage the reply waits for
     */
    CompletionStage<?> onWrite(RedisShard shard, List<KeyChange> changes);

    /**
     * The error reply to give write commands instead of running them, or null to run them: a listener whose
     * writes are failing refuses new ones until the failed changes are persisted (Redis's {@code MISCONF}).
     * Owner reactor only.
     */
    default String writeRefusal() {
        return null;
    }

    /**
     * Makes every change acknowledged so far durable now (SAVE, BGSAVE): null when nothing is kept or everything is
     * durable already, else a stage that completes once it is. Owner reactor only.
     */
    default CompletionStage<?> persistAll() {
        return null;
    }

    /**
     * Compacts what is persisted (BGREWRITEAOF): null when nothing is kept, else a stage that completes once the
     * compaction has ended. Owner reactor only.
     */
    default CompletionStage<?> rewriteLog() {
        return null;
    }

    /**
     * One changed key. {@code oldValue} is null when the key did not exist, {@code newValue} null when it was
     * deleted (or expired). A hash field set or deleted in place has the hash as both old and new value, the
     * field in {@code field} and its new bytes in {@code fieldValue} (null when deleted); {@code field} is null
     * for every other change. {@link #FLUSH} (null key) stands for "every key of the shard was deleted"
     * (FLUSHDB, FLUSHALL). A string changed in place or grown (SETRANGE, SETBIT, BITFIELD, APPEND), or whose expiry
     * alone changed, names the bytes that changed in {@code [rangeFrom, rangeTo)} (empty for an expiry): every other
     * byte is as before, or zero past the old end (or everywhere, when {@code oldValue} is null); {@code rangeFrom} is
     * -1 for every other change.
     */
    record KeyChange(byte[] key, RedisValue oldValue, RedisValue newValue, long expireAtMs, byte[] field,
                     byte[] fieldValue, long rangeFrom, long rangeTo) {
        /** Every key of the shard was deleted. */
        public static final KeyChange FLUSH = new KeyChange(null, null, null, -1);

        KeyChange(byte[] key, RedisValue oldValue, RedisValue newValue, long expireAtMs) {
            this(key, oldValue, newValue, expireAtMs, null, null, -1, -1);
        }

        /** Whether only the bytes in {@code [rangeFrom, rangeTo)} of a string changed (see above). */
        public boolean ranged() {
            return rangeFrom >= 0;
        }
    }
}
