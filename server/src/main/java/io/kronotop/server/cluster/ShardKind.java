package io.kronotop.server.cluster;

import java.util.Locale;

/** The kinds of shards. {@code STASH}, today's Kronotop name for Redis shards, is accepted as {@link #REDIS}. */
public enum ShardKind {
    REDIS("redis"),
    BUCKET("bucket");

    private final String lowerName;

    ShardKind(String lowerName) {
        this.lowerName = lowerName;
    }

    /** The kind called {@code text} (any case; STASH means REDIS), or null. */
    public static ShardKind parse(String text) {
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "REDIS", "STASH" -> REDIS;
            case "BUCKET" -> BUCKET;
            default -> null;
        };
    }

    /** Lower-case name, as used in volume names and INFO. */
    public String lowerName() {
        return lowerName;
    }

    /** The volume holding shard {@code shardId} of this kind: {@code redis-shard-3}, {@code bucket-shard-0}. */
    public String volumeName(int shardId) {
        return lowerName + "-shard-" + shardId;
    }
}
