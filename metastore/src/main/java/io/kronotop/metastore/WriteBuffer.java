package io.kronotop.metastore;

import com.apple.foundationdb.KeyValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A transaction's uncommitted writes, as read-your-writes sees them: per-key entries (a known value, or atomic
 * operations to apply to the stored value), cleared ranges, and ranges made unreadable by versionstamped keys.
 * Guarded by the owning transaction's monitor.
 */
final class WriteBuffer {
    /** The state of one written key. */
    static final class Entry {
        boolean known;
        byte[] value;
        List<int[]> opCodes;
        List<byte[]> opParams;
        boolean unreadable;

        byte[] resolve(byte[] base) {
            if (known) {
                return value;
            }
            byte[] v = base;
            for (int i = 0; i < opCodes.size(); i++) {
                v = Mutations.apply(opCodes.get(i)[0], v, opParams.get(i));
            }
            return v;
        }
    }

    private final TreeMap<byte[], Entry> entries = new TreeMap<>(Keys.COMPARATOR);
    private final TreeMap<byte[], byte[]> cleared = new TreeMap<>(Keys.COMPARATOR);
    private final List<byte[]> unreadable = new ArrayList<>();
    private int unreadableEntries;

    Entry entry(byte[] key) {
        return entries.get(key);
    }

    boolean isCleared(byte[] key) {
        Map.Entry<byte[], byte[]> f = cleared.floorEntry(key);
        return f != null && Keys.compare(key, f.getValue()) < 0;
    }

    void set(byte[] key, byte[] value) {
        Entry e = new Entry();
        e.known = true;
        e.value = value;
        entries.put(key, e);
    }

    void clearRange(byte[] begin, byte[] end) {
        entries.subMap(begin, true, end, false).clear();
        byte[] b = begin;
        byte[] e = end;
        Map.Entry<byte[], byte[]> floor = cleared.floorEntry(b);
        if (floor != null && Keys.compare(floor.getValue(), b) >= 0) {
            b = floor.getKey();
            e = Keys.max(e, floor.getValue());
        }
        NavigableMap<byte[], byte[]> overlapping = cleared.subMap(b, true, e, true);
        for (byte[] end2 : overlapping.values()) {
            e = Keys.max(e, end2);
        }
        overlapping.clear();
        cleared.put(b, e);
    }

    void atomic(byte[] key, int code, byte[] param) {
        Entry e = entries.get(key);
        if (e == null) {
            e = new Entry();
            if (isCleared(key)) {
                e.known = true;
                e.value = null;
            } else {
                e.opCodes = new ArrayList<>(2);
                e.opParams = new ArrayList<>(2);
            }
            entries.put(key, e);
        }
        if (e.unreadable) {
            return;
        }
        if (e.known) {
            e.value = Mutations.apply(code, e.value, param);
        } else {
            e.opCodes.add(new int[]{code});
            e.opParams.add(param);
        }
    }

    void setUnreadable(byte[] key) {
        Entry e = new Entry();
        e.unreadable = true;
        entries.put(key, e);
        unreadableEntries++;
    }

    void addUnreadableRange(byte[] begin, byte[] end) {
        unreadable.add(begin);
        unreadable.add(end);
    }

    boolean hasUnreadable() {
        return !unreadable.isEmpty() || unreadableEntries > 0;
    }

    /** True if {@code [begin, end)} touches a versionstamped key or value this transaction wrote. */
    boolean touchesUnreadable(byte[] begin, byte[] end) {
        if (unreadable.isEmpty() && unreadableEntries == 0) {
            return false;
        }
        for (int i = 0; i < unreadable.size(); i += 2) {
            if (Keys.compare(unreadable.get(i), end) < 0 && Keys.compare(begin, unreadable.get(i + 1)) < 0) {
                return true;
            }
        }
        for (Entry e : entries.subMap(begin, true, end, false).values()) {
            if (e.unreadable) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return entries.isEmpty() && cleared.isEmpty() && unreadable.isEmpty();
    }

    /**
     * Scans the merged view of the store at {@code readVersion} and these writes over {@code [begin, end)}.
     *
     * @param limit at most this many pairs; {@code <= 0} for all
     * @param ryw   whether to merge this buffer; false reads the store only
     */
    List<KeyValue> scan(MvccStore store, long readVersion, byte[] begin, byte[] end, boolean reverse, int limit,
                        boolean ryw) {
        if (Keys.compare(begin, end) >= 0) {
            return Collections.emptyList();
        }
        int max = limit <= 0 ? Integer.MAX_VALUE : limit;
        List<KeyValue> out = new ArrayList<>(Math.min(max, 64));
        Iterator<Map.Entry<byte[], MvccStore.Versions>> db = store.range(begin, end, reverse).entrySet().iterator();
        Iterator<Map.Entry<byte[], Entry>> local;
        if (ryw && !entries.isEmpty()) {
            NavigableMap<byte[], Entry> sub = entries.subMap(begin, true, end, false);
            local = (reverse ? sub.descendingMap() : sub).entrySet().iterator();
        } else {
            local = Collections.emptyIterator();
        }
        boolean checkCleared = ryw && !cleared.isEmpty();
        byte[] dbKey = null;
        byte[] dbValue = null;
        Map.Entry<byte[], Entry> loc = local.hasNext() ? local.next() : null;
        boolean dbDone = false;
        while (out.size() < max) {
            if (dbKey == null && !dbDone) {
                while (db.hasNext()) {
                    Map.Entry<byte[], MvccStore.Versions> n = db.next();
                    byte[] v = MvccStore.valueAt(n.getValue(), readVersion);
                    if (v != null) {
                        dbKey = n.getKey();
                        dbValue = v;
                        break;
                    }
                }
                if (dbKey == null) {
                    dbDone = true;
                }
            }
            if (dbKey == null && loc == null) {
                break;
            }
            int cmp;
            if (dbKey == null) {
                cmp = 1;
            } else if (loc == null) {
                cmp = -1;
            } else {
                cmp = Keys.compare(dbKey, loc.getKey());
                if (reverse) {
                    cmp = -cmp;
                }
            }
            if (cmp < 0) {
                if (!checkCleared || !isCleared(dbKey)) {
                    out.add(new KeyValue(dbKey, dbValue));
                }
                dbKey = null;
            } else {
                Entry e = loc.getValue();
                if (e.unreadable) {
                    throw FdbErrors.error(FdbErrors.ACCESSED_UNREADABLE);
                }
                byte[] v = e.resolve(cmp == 0 ? dbValue : null);
                if (v != null) {
                    out.add(new KeyValue(loc.getKey(), v));
                }
                if (cmp == 0) {
                    dbKey = null;
                }
                loc = local.hasNext() ? local.next() : null;
            }
        }
        return out;
    }
}
