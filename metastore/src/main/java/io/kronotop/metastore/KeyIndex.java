package io.kronotop.metastore;

import java.util.Arrays;

/**
 * A hash table from key bytes to a key's {@link MvccStore.Versions}, holding the same keys as the store's ordered
 * map. The commit thread looks keys up here instead of in the ordered map: a point lookup in a skip list of millions
 * of keys misses the cache at most of its twenty-odd levels, a probe here about once. Only new keys, range reads
 * and pruning still search the ordered map.
 *
 * <p>The keys are spread by the top bits of their hash over {@value #TABLES} tables, each growing on its own, so that
 * growing never copies more than a small part of the index at once: a single table took 90-140 ms to double at two
 * million keys, a commit-thread stall every committer would wait out. Each table is open addressing with linear
 * probing over parallel arrays (no node per key), at most half full, with backward-shift deletion, so no
 * tombstones. Each slot keeps its key's hash, so probing compares key bytes only on equal hashes and growing never
 * rehashes a key. Commit thread only (recovery before it starts); not thread-safe.
 */
final class KeyIndex {
    /**
     * Heap bytes a key costs here at the highest load: two slots of a compressed reference, a reference and an int.
     * Just after a table grows a key has four slots, so this undercounts by up to 24 bytes a key.
     */
    static final long BYTES_PER_KEY = 24;
    static final int TABLES = 256;
    private static final int TABLE_SHIFT = Integer.SIZE - Integer.numberOfTrailingZeros(TABLES);
    private static final int MIN_CAPACITY = 16;

    private final Table[] tables = new Table[TABLES];
    private int size;

    KeyIndex() {
        for (int t = 0; t < TABLES; t++) {
            tables[t] = new Table();
        }
    }

    /** The versions of {@code key}, or null when the key is not in the store. */
    MvccStore.Versions get(byte[] key) {
        int h = hash(key);
        return tables[h >>> TABLE_SHIFT].get(key, h);
    }

    /** Adds {@code key}, which must not be here yet. */
    void add(byte[] key, MvccStore.Versions versions) {
        int h = hash(key);
        tables[h >>> TABLE_SHIFT].add(key, h, versions);
        size++;
    }

    /** Removes {@code key} if it is here. */
    void remove(byte[] key) {
        int h = hash(key);
        if (tables[h >>> TABLE_SHIFT].remove(key, h)) {
            size--;
        }
    }

    int size() {
        return size;
    }

    /** The array hash, spread so that its top bits (the table) and low bits (the slot) depend on every byte. */
    private static int hash(byte[] key) {
        int h = Arrays.hashCode(key) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** One open-addressing table; slots are taken from the low bits of the hash. */
    private static final class Table {
        private byte[][] keys;
        private MvccStore.Versions[] values;
        private int[] hashes;
        private int mask;
        private int size;

        Table() {
            allocate(MIN_CAPACITY);
        }

        MvccStore.Versions get(byte[] key, int h) {
            for (int i = h & mask; ; i = (i + 1) & mask) {
                byte[] k = keys[i];
                if (k == null) {
                    return null;
                }
                if (hashes[i] == h && Arrays.equals(k, key)) {
                    return values[i];
                }
            }
        }

        void add(byte[] key, int h, MvccStore.Versions versions) {
            if (size + 1 > (mask + 1) >>> 1) {
                grow();
            }
            int i = h & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = versions;
            hashes[i] = h;
            size++;
        }

        boolean remove(byte[] key, int h) {
            int i = h & mask;
            while (true) {
                byte[] k = keys[i];
                if (k == null) {
                    return false;
                }
                if (hashes[i] == h && Arrays.equals(k, key)) {
                    break;
                }
                i = (i + 1) & mask;
            }
            // backward shift: move later keys of the probe run into the hole unless their home lies after the hole
            int hole = i;
            for (int j = (hole + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
                int home = hashes[j] & mask;
                if (((j - home) & mask) >= ((j - hole) & mask)) {
                    keys[hole] = keys[j];
                    values[hole] = values[j];
                    hashes[hole] = hashes[j];
                    hole = j;
                }
            }
            keys[hole] = null;
            values[hole] = null;
            size--;
            return true;
        }

        private void grow() {
            byte[][] oldKeys = keys;
            MvccStore.Versions[] oldValues = values;
            int[] oldHashes = hashes;
            allocate(oldKeys.length << 1);
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] != null) {
                    int i = oldHashes[j] & mask;
                    while (keys[i] != null) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[j];
                    values[i] = oldValues[j];
                    hashes[i] = oldHashes[j];
                }
            }
        }

        private void allocate(int capacity) {
            keys = new byte[capacity][];
            values = new MvccStore.Versions[capacity];
            hashes = new int[capacity];
            mask = capacity - 1;
        }
    }
}
