package io.kronotop.metastore;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-memory resolver: an interval map from key to the last version that wrote it, as a step function
 * ({@code key -> version} holds for {@code [key, nextKey)}). A transaction conflicts when one of its read ranges
 * holds a version newer than its read version. Commit thread only.
 */
final class ConflictResolver {
    private final TreeMap<byte[], Long> steps = new TreeMap<>(Keys.COMPARATOR);
    private long horizon;

    ConflictResolver() {
        steps.put(Keys.EMPTY, 0L);
    }

    /** @param ranges flattened {@code begin, end} pairs */
    boolean conflicts(List<byte[]> ranges, long readVersion) {
        for (int i = 0; i < ranges.size(); i += 2) {
            if (conflicts(ranges.get(i), ranges.get(i + 1), readVersion)) {
                return true;
            }
        }
        return false;
    }

    boolean conflicts(byte[] begin, byte[] end, long readVersion) {
        if (Keys.compare(begin, end) >= 0) {
            return false;
        }
        if (steps.floorEntry(begin).getValue() > readVersion) {
            return true;
        }
        for (Long v : steps.subMap(begin, false, end, false).values()) {
            if (v > readVersion) {
                return true;
            }
        }
        return false;
    }

    void addWrite(byte[] begin, byte[] end, long version) {
        if (Keys.compare(begin, end) >= 0) {
            return;
        }
        if (!steps.containsKey(end)) {
            steps.put(end, steps.floorEntry(end).getValue());
        }
        steps.subMap(begin, true, end, false).clear();
        steps.put(begin, version);
    }

    void addWrites(List<byte[]> ranges, long version) {
        for (int i = 0; i < ranges.size(); i += 2) {
            addWrite(ranges.get(i), ranges.get(i + 1), version);
        }
    }

    /** Forgets versions at or below {@code newHorizon}: no transaction that old may commit any more. */
    void prune(long newHorizon) {
        if (newHorizon <= horizon) {
            return;
        }
        horizon = newHorizon;
        long prev = -1;
        Iterator<Map.Entry<byte[], Long>> it = steps.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<byte[], Long> e = it.next();
            long v = e.getValue() <= newHorizon ? 0 : e.getValue();
            if (v == prev && e.getKey().length > 0) {
                it.remove();
            } else {
                if (v != e.getValue()) {
                    e.setValue(v);
                }
                prev = v;
            }
        }
    }

    int size() {
        return steps.size();
    }
}
