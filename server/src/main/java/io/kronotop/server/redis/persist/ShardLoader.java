package io.kronotop.server.redis.persist;

import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.HashStore;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.StringValue;

/**
 * Fills a shard's keyspace from its volume during {@link ShardPersistence#recover}. Runs on the shard's owner while
 * the shard has no write listener, so nothing it inserts is written back.
 */
final class ShardLoader implements RecoveryVisitor {
    private final RedisShard shard;

    ShardLoader(RedisShard shard) {
        this.shard = shard;
    }

    @Override
    public void onString(byte[] key, byte[] value, long expiryAtMs) {
        shard.put(key, new StringValue(value), expiryAtMs < 0 ? -1 : expiryAtMs, System.currentTimeMillis());
    }

    @Override
    public void onHashField(byte[] key, byte[] field, byte[] value) {
        Entry e = HashStore.orCreate(shard, key, System.currentTimeMillis());
        HashStore.set(shard, e, field, value);
    }

    @Override
    public void onHashExpiry(byte[] key, long expiryAtMs) {
        Entry e = shard.lookup(key, System.currentTimeMillis());
        if (e != null) {
            shard.expireAt(e, expiryAtMs);
        }
    }
}
