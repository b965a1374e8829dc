package io.kronotop.server.redis;

import io.kronotop.server.error.CommandException;

/** Hash operations on a shard; WRONGTYPE is thrown as a {@link CommandException}. */
public final class HashStore {
    private HashStore() {
    }

    /** The hash at {@code key} for reading (counts hit/miss), or null. */
    public static HashValue read(RedisShard shard, byte[] key, long nowMs) {
        Entry e = shard.read(key, nowMs);
        return e == null ? null : asHash(e);
    }

    /** The entry of the hash at {@code key} for writing, or null when absent. */
    public static Entry writable(RedisShard shard, byte[] key, long nowMs) {
        Entry e = shard.lookup(key, nowMs);
        if (e != null) {
            asHash(e);
        }
        return e;
    }

    /** The entry of the hash at {@code key}, created empty (not yet stored) when absent: call {@link #store}. */
    public static Entry orCreate(RedisShard shard, byte[] key, long nowMs) {
        Entry e = writable(shard, key, nowMs);
        return e != null ? e : shard.put(key, new HashValue(), -1, nowMs);
    }

    /** Sets a field of the hash of {@code e} through the shard; returns true when the field is new. */
    public static boolean set(RedisShard shard, Entry e, byte[] field, byte[] value) {
        boolean created = ((HashValue) e.value).put(field, value);
        shard.fieldChanged(e, field, value);
        return created;
    }

    /** Deletes a field of the hash of {@code e}, and the key with its last field; true when it existed. */
    public static boolean remove(RedisShard shard, Entry e, byte[] field) {
        HashValue h = (HashValue) e.value;
        if (!h.remove(field)) {
            return false;
        }
        if (h.size() == 0) {
            shard.delete(e);
        } else {
            shard.fieldChanged(e, field, null);
        }
        return true;
    }

    public static HashValue asHash(Entry e) {
        if (e.value instanceof HashValue h) {
            return h;
        }
        throw new CommandException(StringStore.WRONGTYPE);
    }
}
