package io.kronotop.metastore;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class MvccStoreTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Memory the store should account for, recomputed from what it holds. */
    private static long heldBytes(MvccStore store) {
        long sum = 0;
        for (Map.Entry<byte[], MvccStore.Versions> e : store.all().entrySet()) {
            sum += MvccStore.KEY_OVERHEAD_BYTES + e.getKey().length;
            for (MvccStore.Node n = e.getValue().head; n != null; n = n.next) {
                sum += MvccStore.NODE_OVERHEAD_BYTES + (n.value == null ? 0 : n.value.length);
            }
        }
        return sum;
    }

    private static int chainLength(MvccStore store, byte[] key) {
        int length = 0;
        for (MvccStore.Node n = store.versions(key).head; n != null; n = n.next) {
            length++;
        }
        return length;
    }

    @Test
    void pruningAHotKeyKeepsEveryVersionAReaderAtOrAboveTheHorizonCanSee() {
        MvccStore store = new MvccStore();
        byte[] key = b("counter");
        for (long v = 1; v <= 10_000; v++) {
            store.put(key, b("v" + v), v);
        }
        store.prune(9_000, Integer.MAX_VALUE);

        assertThat(chainLength(store, key)).isEqualTo(1_001);
        for (long rv = 9_000; rv <= 10_000; rv++) {
            assertThat(store.get(key, rv)).isEqualTo(b("v" + rv));
        }
        assertThat(store.memoryBytes()).isEqualTo(heldBytes(store));
    }

    @Test
    void aKeyWrittenTwiceInOneVersionHoldsOneNodeWithTheLastValue() {
        MvccStore store = new MvccStore();
        byte[] key = b("k");
        store.put(key, b("a"), 1);
        store.put(key, b("first"), 2);
        store.put(key, b("second-longer"), 2);

        assertThat(chainLength(store, key)).isEqualTo(2);
        assertThat(store.get(key, 1)).isEqualTo(b("a"));
        assertThat(store.get(key, 2)).isEqualTo(b("second-longer"));
        assertThat(store.liveKeyValueBytes()).isEqualTo(key.length + "second-longer".length());
        assertThat(store.memoryBytes()).isEqualTo(heldBytes(store));

        store.prune(2, Integer.MAX_VALUE);
        assertThat(chainLength(store, key)).isEqualTo(1);
        assertThat(store.memoryBytes()).isEqualTo(heldBytes(store));
    }

    @Test
    void aClearedKeyLeavesTheMapOnceItsTombstoneIsBelowTheHorizon() {
        MvccStore store = new MvccStore();
        byte[] key = b("gone");
        store.put(key, b("x"), 1);
        store.put(key, null, 2);

        store.prune(1, Integer.MAX_VALUE);
        assertThat(store.versions(key)).isNotNull();
        assertThat(store.get(key, 1)).isEqualTo(b("x"));

        store.prune(2, Integer.MAX_VALUE);
        assertThat(store.versions(key)).isNull();
        assertThat(store.memoryBytes()).isZero();
    }

    @Test
    void aTombstoneWithNewerVersionsDoesNotRemoveTheKey() {
        MvccStore store = new MvccStore();
        byte[] key = b("back");
        store.put(key, b("a"), 1);
        store.put(key, null, 2);
        store.put(key, b("b"), 3);

        store.prune(3, Integer.MAX_VALUE);
        assertThat(chainLength(store, key)).isEqualTo(1);
        assertThat(store.get(key, 3)).isEqualTo(b("b"));
        assertThat(store.memoryBytes()).isEqualTo(heldBytes(store));
    }

    @Test
    void pruneVisitsAtMostTheGivenNumberOfWrittenNodes() {
        MvccStore store = new MvccStore();
        byte[] key = b("k");
        for (long v = 1; v <= 10; v++) {
            store.put(key, b("v" + v), v);
        }
        store.prune(10, 3); // visits versions 1, 2 and 3: versions 1 and 2 go
        assertThat(chainLength(store, key)).isEqualTo(8);
        store.prune(10, Integer.MAX_VALUE);
        assertThat(chainLength(store, key)).isEqualTo(1);
        assertThat(store.memoryBytes()).isEqualTo(heldBytes(store));
    }

    /**
     * Random writes, clears and rewrites within a version, pruned at a rising horizon: every read at or above the
     * horizon matches a model that keeps every version, and the memory accounting matches what the store holds.
     */
    @Test
    void randomHistoryMatchesAModelAtEveryVersionAtOrAboveTheHorizon() {
        Random random = new Random(7);
        MvccStore store = new MvccStore();
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            keys.add(b("key-" + i));
        }
        Map<Integer, TreeMap<Long, byte[]>> model = new HashMap<>(); // key index -> version -> value (null: none)
        long horizon = 0;
        for (long version = 1; version <= 3_000; version++) {
            int writes = 1 + random.nextInt(4);
            for (int w = 0; w < writes; w++) {
                int k = random.nextInt(random.nextBoolean() ? 2 : keys.size()); // two hot keys
                byte[] value = random.nextInt(6) == 0 ? null : b("v" + version + "-" + random.nextInt(1000));
                store.put(keys.get(k), value, version);
                model.computeIfAbsent(k, x -> new TreeMap<>()).put(version, value);
            }
            if (version % 50 == 0) {
                horizon = version - random.nextInt(40);
                store.prune(horizon, random.nextBoolean() ? 64 : Integer.MAX_VALUE);
                for (long rv = horizon; rv <= version; rv += 1 + random.nextInt(5)) {
                    for (int k = 0; k < keys.size(); k++) {
                        TreeMap<Long, byte[]> history = model.get(k);
                        Map.Entry<Long, byte[]> expected = history == null ? null : history.floorEntry(rv);
                        assertThat(store.get(keys.get(k), rv))
                            .as("key %d at %d", k, rv)
                            .isEqualTo(expected == null ? null : expected.getValue());
                    }
                }
                assertThat(store.memoryBytes()).isEqualTo(heldBytes(store));
            }
        }
    }
}
