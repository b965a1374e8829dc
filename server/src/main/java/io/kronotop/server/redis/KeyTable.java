package io.kronotop.server.redis;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A shard's keys: a chained hash table of {@link Entry} nodes with a power-of-two bucket count, so that
 * SCAN can use Redis's reverse-binary cursor, which returns every key present for the whole scan at least
 * once even when the table grows or shrinks between calls. Shard reactor only.
 */
final class KeyTable {
    private static final int MIN_BUCKETS = 16;

    private Entry[] buckets = new Entry[MIN_BUCKETS];
    private int size;

    static int hash(byte[] key) {
        return hash(key, 0, key.length);
    }

    static int hash(byte[] key, int offset, int length) {
        int h = 0x9747b28c;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = (h ^ key[i]) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    int size() {
        return size;
    }

    Entry get(byte[] key) {
        return get(key, 0, key.length);
    }

    /** The entry of the key made of the {@code length} bytes of {@code key} at {@code offset}, or null. */
    Entry get(byte[] key, int offset, int length) {
        int h = hash(key, offset, length);
        int end = offset + length;
        for (Entry e = buckets[h & (buckets.length - 1)]; e != null; e = e.next) {
            if (e.hash == h && e.key.length == length && Arrays.equals(e.key, 0, length, key, offset, end)) {
                return e;
            }
        }
        return null;
    }

    /** Adds a key that is not present. */
    Entry add(byte[] key, RedisValue value) {
        int h = hash(key);
        Entry e = new Entry(key, h, value);
        int i = h & (buckets.length - 1);
        e.next = buckets[i];
        buckets[i] = e;
        if (++size > buckets.length) {
            resize(buckets.length << 1);
        }
        return e;
    }

    /**
     * Touches, stage by stage, the memory that looking up each of {@code n} keys (given by table and hash) will
     * read: all bucket slots first, then all entries, then their key arrays and values, then the values' bytes.
     * The loads of one stage do not depend on each other, so the processor overlaps their cache misses instead of
     * taking a lookup's chain of misses one after the other. {@code nodes} is scratch of at least {@code n}
     * elements, left cleared. Returns a value made of the loads, so that they are not optimised away.
     */
    static int touch(KeyTable[] tables, int[] hashes, int n, Object[] nodes) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            Entry[] b = tables[i].buckets;
            nodes[i] = b[hashes[i] & (b.length - 1)];
        }
        for (int i = 0; i < n; i++) {
            Entry e = (Entry) nodes[i];
            int h = hashes[i];
            while (e != null && e.hash != h) {
                e = e.next;
            }
            nodes[i] = e;
        }
        for (int i = 0; i < n; i++) {
            Entry e = (Entry) nodes[i];
            if (e != null) {
                sum += e.key.length;
                nodes[i] = e.value;
            }
        }
        for (int i = 0; i < n; i++) {
            nodes[i] = nodes[i] instanceof StringValue v ? v.array() : null;
        }
        for (int i = 0; i < n; i++) {
            if (nodes[i] instanceof byte[] bytes && bytes.length > 0) {
                sum += bytes[0] + bytes[bytes.length - 1];
            }
            nodes[i] = null;
        }
        return sum;
    }

    boolean remove(Entry target) {
        int i = target.hash & (buckets.length - 1);
        Entry prev = null;
        for (Entry e = buckets[i]; e != null; prev = e, e = e.next) {
            if (e == target) {
                if (prev == null) {
                    buckets[i] = e.next;
                } else {
                    prev.next = e.next;
                }
                e.next = null;
                size--;
                if (buckets.length > MIN_BUCKETS && size < buckets.length / 8) {
                    resize(buckets.length >> 1);
                }
                return true;
            }
        }
        return false;
    }

    void clear() {
        buckets = new Entry[MIN_BUCKETS];
        size = 0;
    }

    void forEach(Consumer<Entry> action) {
        for (Entry head : buckets.clone()) {
            for (Entry e = head; e != null; ) {
                Entry next = e.next;
                action.accept(e);
                e = next;
            }
        }
    }

    /** A random key, or null when empty; {@code random} is a non-negative pseudo-random number. */
    Entry random(java.util.random.RandomGenerator random) {
        if (size == 0) {
            return null;
        }
        while (true) {
            Entry e = buckets[random.nextInt(buckets.length)];
            if (e != null) {
                int length = 0;
                for (Entry x = e; x != null; x = x.next) {
                    length++;
                }
                int pick = random.nextInt(length);
                while (pick-- > 0) {
                    e = e.next;
                }
                return e;
            }
        }
    }

    /**
     * Visits the keys of the bucket {@code cursor} designates and returns the next cursor (0 when the scan is
     * complete): Redis's {@code dictScan} on a single table.
     */
    long scan(long cursor, Consumer<Entry> visitor) {
        if (size == 0) {
            return 0;
        }
        long mask = buckets.length - 1;
        for (Entry e = buckets[(int) (cursor & mask)]; e != null; e = e.next) {
            visitor.accept(e);
        }
        long v = cursor | ~mask;
        v = Long.reverse(v);
        v++;
        v = Long.reverse(v);
        return v & 0xFFFFFFFFL;
    }

    private void resize(int capacity) {
        Entry[] old = buckets;
        Entry[] fresh = new Entry[capacity];
        for (Entry head : old) {
            for (Entry e = head; e != null; ) {
                Entry next = e.next;
                int i = e.hash & (capacity - 1);
                e.next = fresh[i];
                fresh[i] = e;
                e = next;
            }
        }
        buckets = fresh;
    }
}
