package io.kronotop.server.redis;

/**
 * A value of the Redis keyspace. Values are owned by their shard's reactor; a later persistence layer
 * records where each value's bytes live in the shard's volume through {@link #locator()}.
 */
public sealed interface RedisValue permits StringValue, HashValue {
    /** Redis's TYPE name. */
    String typeName();

    /** OBJECT ENCODING's answer. */
    String encoding();

    /** Estimated bytes held in memory, for maxmemory and INFO. */
    long memoryBytes();

    /** Where a persistence layer stored the value, or -1 when it has not (in memory only). */
    long locator();

    void locator(long locator);

    /** An independent deep copy (COPY, RESTORE). */
    RedisValue copy();
}
