package io.kronotop.server.redis;

/**
 * One key of a shard's keyspace: its bytes, value, expiry and bookkeeping. A node of {@link KeyTable}'s
 * chains. Shard reactor only.
 */
public final class Entry {
    final byte[] key;
    final int hash;
    Entry next;
    RedisValue value;
    /** Absolute expiry in Unix milliseconds, or -1 for none. */
    long expireAtMs = -1;
    /** Position in the shard's expiry index, or -1. */
    int expiryIndex = -1;
    /** Last access, for OBJECT IDLETIME. */
    long lastAccessMs;
    /** Bytes this entry counted in its shard's memory estimate when last accounted. */
    long accountedBytes;

    Entry(byte[] key, int hash, RedisValue value) {
        this.key = key;
        this.hash = hash;
        this.value = value;
    }

    public byte[] key() {
        return key;
    }

    public RedisValue value() {
        return value;
    }

    public long expireAtMs() {
        return expireAtMs;
    }

    public long lastAccessMs() {
        return lastAccessMs;
    }

    /** Sets the last access time (RESTORE IDLETIME). */
    public void touch(long accessMs) {
        this.lastAccessMs = accessMs;
    }

    /** MEMORY USAGE's estimate. */
    public long memoryUsage() {
        return memoryBytes();
    }

    long memoryBytes() {
        return 64L + key.length + value.memoryBytes();
    }
}
