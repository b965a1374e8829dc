package io.kronotop.server.redis;

/**
 * A key some connection WATCHes: the shard bumps {@link #version} whenever the key changes. Created and
 * bumped on the shard's reactor; EXEC compares versions from the transaction shard's reactor, hence volatile.
 */
public final class WatchedKey {
    final RedisShard shard;
    final Bytes key;
    volatile long version;
    int watchers;

    WatchedKey(RedisShard shard, Bytes key) {
        this.shard = shard;
        this.key = key;
    }

    public RedisShard shard() {
        return shard;
    }

    public long version() {
        return version;
    }
}
