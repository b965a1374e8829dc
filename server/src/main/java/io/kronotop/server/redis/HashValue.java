package io.kronotop.server.redis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hash: fields to values in insertion order (the order Redis's small "listpack" hashes reply in).
 * Mutated in place by its shard's reactor only. Field values are {@code byte[]}; {@link #locators} is where a
 * persistence layer may remember per field where its bytes live.
 */
public final class HashValue implements RedisValue {
    /** Redis's hash-max-listpack-entries and hash-max-listpack-value defaults. */
    static final int LISTPACK_ENTRIES = 128;
    static final int LISTPACK_VALUE = 64;

    private final LinkedHashMap<Bytes, byte[]> fields = new LinkedHashMap<>();
    private boolean hashtable;
    private long memoryBytes = 48;
    private long locator = -1;

    public Map<Bytes, byte[]> fields() {
        return fields;
    }

    public int size() {
        return fields.size();
    }

    public byte[] get(byte[] field) {
        return fields.get(new Bytes(field));
    }

    /** Sets a field; returns true when it is new. */
    public boolean put(byte[] field, byte[] value) {
        byte[] old = fields.put(new Bytes(field), value);
        if (old != null) {
            memoryBytes += value.length - old.length;
        } else {
            memoryBytes += 48 + field.length + value.length;
        }
        if (!hashtable && (fields.size() > LISTPACK_ENTRIES || field.length > LISTPACK_VALUE
            || value.length > LISTPACK_VALUE)) {
            hashtable = true; // as in Redis, a hash never converts back
        }
        return old == null;
    }

    /** Removes a field; returns true when it existed. */
    public boolean remove(byte[] field) {
        byte[] old = fields.remove(new Bytes(field));
        if (old == null) {
            return false;
        }
        memoryBytes -= 48 + field.length + old.length;
        return true;
    }

    @Override
    public String typeName() {
        return "hash";
    }

    @Override
    public String encoding() {
        return hashtable ? "hashtable" : "listpack";
    }

    @Override
    public long memoryBytes() {
        return memoryBytes;
    }

    @Override
    public long locator() {
        return locator;
    }

    @Override
    public void locator(long locator) {
        this.locator = locator;
    }

    @Override
    public RedisValue copy() {
        HashValue copy = new HashValue();
        fields.forEach((k, v) -> copy.put(k.bytes(), v));
        copy.hashtable |= hashtable;
        return copy;
    }
}
