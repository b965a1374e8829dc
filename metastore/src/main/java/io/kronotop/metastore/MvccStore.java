package io.kronotop.metastore;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The in-memory ordered multi-version map, in the style of FoundationDB's {@code memory} engine.
 *
 * <p>Each key maps to the newest {@link Node} of a chain of versions, newest first. Readers at a read version walk
 * the chain to the first node at or below it and never block. Only the commit thread writes ({@link #put}) and
 * prunes ({@link #prune}); versions older than the prune horizon are dropped once a newer version at or below the
 * horizon exists, and a key whose newest node is such a tombstone is removed.
 */
final class MvccStore {
    static final long NODE_OVERHEAD_BYTES = 40;
    static final long KEY_OVERHEAD_BYTES = 72;

    /** One version of one key. {@code value == null} is a tombstone. */
    static final class Node {
        final long version;
        final byte[] value;
        Node next;

        Node(long version, byte[] value, Node next) {
            this.version = version;
            this.value = value;
            this.next = next;
        }
    }

    private record Touched(byte[] key, long version) {
    }

    private final ConcurrentSkipListMap<byte[], Node> map = new ConcurrentSkipListMap<>(Keys.COMPARATOR);
    /** Keys written, oldest first, so pruning is proportional to writes. Commit thread only. */
    private final ArrayDeque<Touched> touched = new ArrayDeque<>();
    private volatile long memoryBytes;
    private volatile long liveKeyValueBytes;

    static byte[] valueAt(Node head, long readVersion) {
        for (Node n = head; n != null; n = n.next) {
            if (n.version <= readVersion) {
                return n.value;
            }
        }
        return null;
    }

    byte[] get(byte[] key, long readVersion) {
        Node head = map.get(key);
        return head == null ? null : valueAt(head, readVersion);
    }

    /** The newest value, including versions not yet published. Commit thread only. */
    byte[] latest(byte[] key) {
        Node head = map.get(key);
        return head == null ? null : head.value;
    }

    NavigableMap<byte[], Node> range(byte[] begin, byte[] end, boolean reverse) {
        NavigableMap<byte[], Node> sub = map.subMap(begin, true, end, false);
        return reverse ? sub.descendingMap() : sub;
    }

    NavigableMap<byte[], Node> all() {
        return map;
    }

    /** Writes {@code value} (null clears) at {@code version}. Commit thread only. */
    void put(byte[] key, byte[] value, long version) {
        Node head = map.get(key);
        if (head == null && value == null) {
            return;
        }
        long delta = NODE_OVERHEAD_BYTES + (value == null ? 0 : value.length);
        long liveDelta = (value == null ? 0 : key.length + value.length);
        Node next = head;
        if (head != null) {
            liveDelta -= head.value == null ? 0 : key.length + head.value.length;
            if (head.version == version) {
                delta -= NODE_OVERHEAD_BYTES + (head.value == null ? 0 : head.value.length);
                next = head.next;
            }
        } else {
            delta += KEY_OVERHEAD_BYTES + key.length;
        }
        map.put(key, new Node(version, value, next));
        memoryBytes += delta;
        liveKeyValueBytes += liveDelta;
        touched.addLast(new Touched(key, version));
    }

    /** Clears every key in {@code [begin, end)} at {@code version}. Commit thread only. */
    void clearRange(byte[] begin, byte[] end, long version, java.util.function.Consumer<byte[]> onCleared) {
        for (Map.Entry<byte[], Node> e : map.subMap(begin, true, end, false).entrySet()) {
            if (e.getValue().value != null) {
                put(e.getKey(), null, version);
                if (onCleared != null) {
                    onCleared.accept(e.getKey());
                }
            }
        }
    }

    /** Drops versions no reader at or above {@code horizon} can see. Commit thread only. */
    void prune(long horizon, int maxKeys) {
        int budget = maxKeys;
        while (budget-- > 0) {
            Touched t = touched.peekFirst();
            if (t == null || t.version > horizon) {
                return;
            }
            touched.pollFirst();
            Node head = map.get(t.key);
            if (head == null) {
                continue;
            }
            Node keep = head;
            while (keep != null && keep.version > horizon) {
                keep = keep.next;
            }
            if (keep == null) {
                continue;
            }
            long freed = 0;
            for (Node n = keep.next; n != null; n = n.next) {
                freed += NODE_OVERHEAD_BYTES + (n.value == null ? 0 : n.value.length);
            }
            keep.next = null;
            if (keep == head && head.value == null && map.remove(t.key, head)) {
                freed += NODE_OVERHEAD_BYTES + KEY_OVERHEAD_BYTES + t.key.length;
            }
            memoryBytes -= freed;
        }
    }

    /** Loads a recovered key at {@code version} without history. Recovery only. */
    void load(byte[] key, byte[] value, long version) {
        put(key, value, version);
    }

    long memoryBytes() {
        return memoryBytes;
    }

    long liveKeyValueBytes() {
        return liveKeyValueBytes;
    }

    /** Sum of key and value lengths of live keys in {@code [begin, end)} at {@code readVersion}. */
    long rangeBytes(byte[] begin, byte[] end, long readVersion) {
        long sum = 0;
        for (Map.Entry<byte[], Node> e : map.subMap(begin, true, end, false).entrySet()) {
            byte[] v = valueAt(e.getValue(), readVersion);
            if (v != null) {
                sum += e.getKey().length + v.length;
            }
        }
        return sum;
    }
}
