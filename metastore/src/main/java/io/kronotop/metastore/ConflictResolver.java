package io.kronotop.metastore;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-memory resolver: an interval map from key to the last version that wrote it, as a step function
 * ({@code key -> version} holds for {@code [key, nextKey)}). A transaction conflicts when one of its read ranges
 * holds a version newer than its read version. Commit thread only.
 *
 * <p>The map is split into generations by age, each its own step function over the writes of a span of versions;
 * the version of a key is the largest any generation gives it. Writes go to the newest, small generation only, so
 * they stay cheap however many keys the window holds. A read at version {@code rv} is checked only against the
 * generations holding a version newer than {@code rv}: usually the newest one, since read versions are recent.
 * Pruning drops whole generations whose newest version is at or below the horizon.
 *
 * <p>Once a newer generation starts, the full one is frozen into two sorted arrays (keys, versions): a window of a
 * few seconds holds millions of steps, and as tree entries with boxed versions they were millions of objects that
 * outlive several young collections; frozen, a generation is two arrays over the same key arrays.
 */
final class ConflictResolver {
    /** Steps after which a new generation starts: small enough to stay in cache, large enough to be few. */
    static final int GENERATION_STEPS = 4096;

    /**
     * One step function over the writes of a span of versions; keys it does not cover read as version 0. Mutable
     * (a tree) while it is the newest generation, then frozen into sorted arrays.
     */
    private static final class Generation {
        TreeMap<byte[], Long> steps = new TreeMap<>(Keys.COMPARATOR);
        /** Frozen form: step keys in order (the first is the empty key) and their versions; null while mutable. */
        byte[][] keys;
        long[] versions;
        long maxVersion;

        Generation() {
            steps.put(Keys.EMPTY, 0L);
        }

        int size() {
            return keys != null ? keys.length : steps.size();
        }

        void freeze() {
            int n = steps.size();
            byte[][] k = new byte[n][];
            long[] v = new long[n];
            int i = 0;
            for (Map.Entry<byte[], Long> e : steps.entrySet()) {
                k[i] = e.getKey();
                v[i++] = e.getValue();
            }
            keys = k;
            versions = v;
            steps = null;
        }

        boolean conflicts(byte[] begin, byte[] end, boolean point, long readVersion) {
            if (keys != null) {
                return frozenConflicts(begin, end, point, readVersion);
            }
            if (steps.floorEntry(begin).getValue() > readVersion) {
                return true;
            }
            if (point) {
                return false; // no step can start strictly between a key and the key after it
            }
            for (Long v : steps.subMap(begin, false, end, false).values()) {
                if (v > readVersion) {
                    return true;
                }
            }
            return false;
        }

        private boolean frozenConflicts(byte[] begin, byte[] end, boolean point, long readVersion) {
            int i = floorIndex(begin);
            if (versions[i] > readVersion) {
                return true;
            }
            if (point) {
                return false;
            }
            for (int j = i + 1; j < keys.length && Keys.compare(keys[j], end) < 0; j++) {
                if (versions[j] > readVersion) {
                    return true;
                }
            }
            return false;
        }

        /** Index of the last step key at or before {@code key}; the empty first key makes it at least 0. */
        private int floorIndex(byte[] key) {
            int lo = 0;
            int hi = keys.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (Keys.compare(keys[mid], key) <= 0) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return lo;
        }

        void addWrite(byte[] begin, byte[] end, long version) {
            Map.Entry<byte[], Long> atEnd = steps.floorEntry(end);
            if (!Arrays.equals(atEnd.getKey(), end)) {
                steps.put(end, atEnd.getValue());
            }
            // Nothing lies strictly between begin and end when the step at end starts at or before begin (the
            // common point write of a new key): then only begin's own step is replaced.
            if (Keys.compare(atEnd.getKey(), begin) > 0 && !Keys.isKeyAfter(begin, end)) {
                steps.subMap(begin, false, end, false).clear();
            }
            steps.put(begin, version);
            maxVersion = version;
        }
    }

    /** Oldest first; never empty. Versions only grow, so the newest versions of the generations grow too. */
    private final ArrayDeque<Generation> generations = new ArrayDeque<>();
    private final int generationSteps;
    private long horizon;

    ConflictResolver() {
        this(GENERATION_STEPS);
    }

    ConflictResolver(int generationSteps) {
        this.generationSteps = generationSteps;
        generations.add(new Generation());
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
        Iterator<Generation> it = generations.descendingIterator();
        boolean point = false;
        boolean pointKnown = false;
        while (it.hasNext()) {
            Generation g = it.next();
            if (g.maxVersion <= readVersion) {
                return false;
            }
            if (!pointKnown) {
                point = Keys.isKeyAfter(begin, end);
                pointKnown = true;
            }
            if (g.conflicts(begin, end, point, readVersion)) {
                return true;
            }
        }
        return false;
    }

    void addWrite(byte[] begin, byte[] end, long version) {
        if (Keys.compare(begin, end) >= 0) {
            return;
        }
        Generation newest = generations.peekLast();
        if (newest.steps.size() >= generationSteps) {
            newest.freeze();
            newest = new Generation();
            generations.addLast(newest);
        }
        newest.addWrite(begin, end, version);
    }

    void addWrites(List<byte[]> ranges, long version) {
        for (int i = 0; i < ranges.size(); i += 2) {
            addWrite(ranges.get(i), ranges.get(i + 1), version);
        }
    }

    /**
     * Forgets versions at or below {@code newHorizon}: no transaction that old may commit any more. Generations whose
     * newest version is that old go; a kept one may still hold older steps, which can no longer conflict with any
     * read version allowed to commit.
     */
    void prune(long newHorizon) {
        if (newHorizon <= horizon) {
            return;
        }
        horizon = newHorizon;
        while (!generations.isEmpty() && generations.peekFirst().maxVersion <= newHorizon) {
            generations.pollFirst();
        }
        if (generations.isEmpty()) {
            generations.add(new Generation());
        }
    }

    /** Steps held over all generations. */
    int size() {
        int n = 0;
        for (Generation g : generations) {
            n += g.size();
        }
        return n;
    }

    int generationCount() {
        return generations.size();
    }
}
