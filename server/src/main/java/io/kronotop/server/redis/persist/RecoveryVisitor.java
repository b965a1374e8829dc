package io.kronotop.server.redis.persist;

/**
 * Receives a shard's keyspace while {@link ShardPersistence#recover} rebuilds it: every live string, every field
 * of every live hash, and the expiry of hashes that have one. Expired keys and superseded records are not
 * delivered. Called on the shard's owner thread; the arrays are the caller's to keep.
 */
public interface RecoveryVisitor {
    /** A string key; {@code expiryAtMs} is absolute ms since the epoch, or {@link ShardPersistence#NO_EXPIRY}. */
    void onString(byte[] key, byte[] value, long expiryAtMs);

    /** One field of a hash (a hash is delivered as its fields, then its expiry if it has one). */
    void onHashField(byte[] key, byte[] field, byte[] value);

    /** The expiry of a hash delivered before, absolute ms since the epoch. */
    void onHashExpiry(byte[] key, long expiryAtMs);
}
