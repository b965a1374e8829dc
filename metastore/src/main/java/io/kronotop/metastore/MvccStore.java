package io.kronotop.metastore;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The in-memory ordered multi-version map, in the style of FoundationDB's {@code memory} engine.
 *
 * <p>Each key maps to its {@link Versions}: a chain of {@link Node}s, newest first. Readers at a read version walk
 * the chain to the first node at or below it and never block. A write finds or inserts the key's {@code Versions}
 * with one search of the map and links the new node in front; pruning reaches it without searching. Only the
 * commit thread writes ({@link #put}) and prunes ({@link #prune}); versions older than the prune horizon are
 * dropped once a newer version at or below the horizon exists, and a key whose newest node is such a tombstone is
 * removed.
 */
final class MvccStore {
    static final long NODE_OVERHEAD_BYTES = 40;
    static final long KEY_OVERHEAD_BYTES = 88;

    /** The versions of one key; the map's value. {@code head} is written by the commit thread only. */
    static final class Versions {
        volatile Node head;
    }

    /**
     * One version of one key. {@code value == null} is a tombstone. {@code value} changes only while the node's
     * version is unpublished (a transaction of the same batch writing the key again), so no reader sees it change.
     */
    static final class Node {
        final long version;
        byte[] value;
        Node next;

        Node(long version, byte[] value, Node next) {
            this.version = version;
            this.value = value;
            this.next = next;
        }
    }

    /** A node written, for pruning: the versions before it are dropped once its version is below the horizon. */
    private record Touched(byte[] key, Versions versions, Node node) {
    }

    private final ConcurrentSkipListMap<byte[], Versions> map = new ConcurrentSkipListMap<>(Keys.COMPARATOR);
    /** Keys written, oldest first, so pruning is proportional to writes. Commit thread only. */
    private final ArrayDeque<Touched> touched = new ArrayDeque<>();
    private volatile long memoryBytes;
    private volatile long liveKeyValueBytes;

    static byte[] valueAt(Versions versions, long readVersion) {
        for (Node n = versions.head; n != null; n = n.next) {
            if (n.version <= readVersion) {
                return n.value;
            }
        }
        return null;
    }

    byte[] get(byte[] key, long readVersion) {
        Versions versions = map.get(key);
        return versions == null ? null : valueAt(versions, readVersion);
    }

    /** The newest value, including versions not yet published. Commit thread only. */
    byte[] latest(byte[] key) {
        return latest(map.get(key));
    }

    /** The newest value held by {@code versions} (null: none, or no such key). */
    static byte[] latest(Versions versions) {
        if (versions == null) {
            return null;
        }
        Node head = versions.head;
        return head == null ? null : head.value;
    }

    /**
     * The key's versions, or null if the map has no entry for it. With {@link #put(byte[], Versions, byte[], long)}
     * a read-modify-write (an atomic operation, a clear) searches the map once. Commit thread only.
     */
    Versions versions(byte[] key) {
        return map.get(key);
    }

    NavigableMap<byte[], Versions> range(byte[] begin, byte[] end, boolean reverse) {
        NavigableMap<byte[], Versions> sub = map.subMap(begin, true, end, false);
        return reverse ? sub.descendingMap() : sub;
    }

    NavigableMap<byte[], Versions> all() {
        return map;
    }

    /** Writes {@code value} (null clears) at {@code version}. Commit thread only. */
    void put(byte[] key, byte[] value, long version) {
        Versions versions;
        if (value == null) {
            versions = map.get(key);
            if (versions == null) {
                return;
            }
        } else {
            Versions fresh = new Versions();
            versions = map.putIfAbsent(key, fresh);
            if (versions == null) {
                versions = fresh;
            }
        }
        put(key, versions, value, version);
    }

    /**
     * Writes {@code value} (null clears) at {@code version} into a key's {@code versions}, which must be in the map.
     * Commit thread only.
     */
    void put(byte[] key, Versions versions, byte[] value, long version) {
        Node head = versions.head;
        long liveDelta = (value == null ? 0 : key.length + value.length);
        if (head != null) {
            liveDelta -= head.value == null ? 0 : key.length + head.value.length;
        }
        liveKeyValueBytes += liveDelta;
        if (head != null && head.version == version) {
            // written again in the same batch: the version is not published yet, so the node is rewritten in place
            memoryBytes += (value == null ? 0 : value.length) - (head.value == null ? 0 : head.value.length);
            head.value = value;
            return;
        }
        long delta = NODE_OVERHEAD_BYTES + (value == null ? 0 : value.length);
        if (head == null) {
            delta += KEY_OVERHEAD_BYTES + key.length;
        }
        Node node = new Node(version, value, head);
        versions.head = node;
        memoryBytes += delta;
        touched.addLast(new Touched(key, versions, node));
    }

    /** Clears every key in {@code [begin, end)} at {@code version}. Commit thread only. */
    void clearRange(byte[] begin, byte[] end, long version, java.util.function.Consumer<byte[]> onCleared) {
        for (Map.Entry<byte[], Versions> e : map.subMap(begin, true, end, false).entrySet()) {
            Node head = e.getValue().head;
            if (head != null && head.value != null) {
                put(e.getKey(), e.getValue(), null, version);
                if (onCleared != null) {
                    onCleared.accept(e.getKey());
                }
            }
        }
    }

    /**
     * Drops versions no reader at or above {@code horizon} can see, visiting at most {@code maxKeys} written nodes.
     * Each visit is constant time apart from the nodes it frees: a written node at or below the horizon makes every
     * older node of its key invisible, so its tail is cut there, without walking the newer versions in front of it
     * (a hot key may hold thousands of versions younger than the horizon). Commit thread only.
     */
    void prune(long horizon, int maxKeys) {
        int budget = maxKeys;
        while (budget-- > 0) {
            Touched t = touched.peekFirst();
            if (t == null || t.node.version > horizon) {
                return;
            }
            touched.pollFirst();
            Node keep = t.node;
            long freed = 0;
            Node n = keep.next;
            keep.next = null;
            while (n != null) {
                // unlinked as it is freed, so a cut node reached again later frees nothing twice
                freed += NODE_OVERHEAD_BYTES + (n.value == null ? 0 : n.value.length);
                Node next = n.next;
                n.next = null;
                n = next;
            }
            if (t.versions.head == keep && keep.value == null && map.remove(t.key, t.versions)) {
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
        for (Map.Entry<byte[], Versions> e : map.subMap(begin, true, end, false).entrySet()) {
            byte[] v = valueAt(e.getValue(), readVersion);
            if (v != null) {
                sum += e.getKey().length + v.length;
            }
        }
        return sum;
    }
}
