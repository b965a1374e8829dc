package io.kronotop.server.redis.persist;

import java.util.Arrays;

/**
 * A byte-array key with content equality for the index's hash maps. The array is not copied: callers hand over
 * arrays they no longer modify. A probe instance may be re-pointed with {@link #wrap} for allocation-free lookups
 * (owner thread only); stored keys are never re-pointed.
 */
final class ByteKey {
    private byte[] bytes;
    private int hash;

    ByteKey(byte[] bytes) {
        wrap(bytes);
    }

    /** Re-points this key (probes only). */
    ByteKey wrap(byte[] newBytes) {
        this.bytes = newBytes;
        this.hash = Arrays.hashCode(newBytes);
        return this;
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ByteKey that && that.hash == hash && Arrays.equals(that.bytes, bytes);
    }
}
