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
 * <p>Point writes ({@code [k, k\x00)}, what a {@code set} or {@code clear} of one key adds) are most writes; they are
 * kept apart from the step function, as a sorted map from key to version: one tree insertion per write instead of
 * two steps (one to start the range, one to end it) and a floor lookup, and no end key kept. A key's version is then
 * the larger of its step and its point entry; a read range conflicts when either holds a version newer than the
 * read version.
 *
 * <p>Once a newer generation starts, the full one is frozen into sorted arrays (keys, versions): a window of a few
 * seconds holds millions of entries, and as tree entries with boxed versions they were millions of objects that
 * outlive several young collections; frozen, a generation is a few arrays over the same key arrays.
 */
final class ConflictResolver {
    /** Entries (steps and point writes) after which a new generation starts: few enough to stay in cache. */
    static final int GENERATION_STEPS = 4096;

    /**
     * One step function over the range writes of a span of versions (keys it does not cover read as version 0),
     * and the point writes of that span. Mutable (trees) while it is the newest generation, then frozen into sorted
     * arrays.
     */
    private static final class Generation {
        TreeMap<byte[], Long> steps = new TreeMap<>(Keys.COMPARATOR);
        /** Point writes: key to the version that last wrote exactly that key. */
        TreeMap<byte[], Long> points = new TreeMap<>(Keys.COMPARATOR);
        /** Frozen form: step keys in order (the first is the empty key) and their versions; null while mutable. */
        byte[][] keys;
        long[] versions;
        /** Frozen form of the point writes, in key order. */
        byte[][] pointKeys;
        long[] pointVersions;
        long maxVersion;
        /** {@link #maxVersion} boxed once: the writes of one commit batch share a version. */
        Long boxedVersion = 0L;

        Generation() {
            steps.put(Keys.EMPTY, 0L);
        }

        int size() {
            return keys != null ? keys.length + pointKeys.length : steps.size() + points.size();
        }

        void freeze() {
            keys = new byte[steps.size()][];
            versions = new long[steps.size()];
            copy(steps, keys, versions);
            pointKeys = new byte[points.size()][];
            pointVersions = new long[points.size()];
            copy(points, pointKeys, pointVersions);
            steps = null;
            points = null;
        }

        private static void copy(TreeMap<byte[], Long> from, byte[][] keys, long[] versions) {
            int i = 0;
            for (Map.Entry<byte[], Long> e : from.entrySet()) {
                keys[i] = e.getKey();
                versions[i++] = e.getValue();
            }
        }

        boolean conflicts(byte[] begin, byte[] end, boolean point, long readVersion) {
            if (keys != null) {
                return frozenStepsConflict(begin, end, point, readVersion)
                    || frozenPointsConflict(begin, end, point, readVersion);
            }
            return stepsConflict(begin, end, point, readVersion) || pointsConflict(begin, end, point, readVersion);
        }

        private boolean stepsConflict(byte[] begin, byte[] end, boolean point, long readVersion) {
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

        private boolean pointsConflict(byte[] begin, byte[] end, boolean point, long readVersion) {
            if (points.isEmpty()) {
                return false;
            }
            if (point) {
                Long v = points.get(begin);
                return v != null && v > readVersion;
            }
            for (Long v : points.subMap(begin, true, end, false).values()) {
                if (v > readVersion) {
                    return true;
                }
            }
            return false;
        }

        private boolean frozenStepsConflict(byte[] begin, byte[] end, boolean point, long readVersion) {
            int i = floorIndex(keys, begin);
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

        private boolean frozenPointsConflict(byte[] begin, byte[] end, boolean point, long readVersion) {
            if (pointKeys.length == 0) {
                return false;
            }
            int i = floorIndex(pointKeys, begin);
            if (Keys.compare(pointKeys[i], begin) < 0) {
                i++;
            }
            for (int j = i; j < pointKeys.length && Keys.compare(pointKeys[j], end) < 0; j++) {
                if (pointVersions[j] > readVersion) {
                    return true;
                }
                if (point) {
                    return false;
                }
            }
            return false;
        }

        /**
         * Index of the last key of {@code sorted} at or before {@code key}; 0 when every key is after it (the steps
         * start with the empty key, so there it is a true floor).
         */
        private static int floorIndex(byte[][] sorted, byte[] key) {
            int lo = 0;
            int hi = sorted.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (Keys.compare(sorted[mid], key) <= 0) {
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
            if (Keys.compare(atEnd.getKey(), begin) > 0) {
                steps.subMap(begin, false, end, false).clear();
            }
            steps.put(begin, boxed(version));
        }

        void addPointWrite(byte[] key, long version) {
            points.put(key, boxed(version));
        }

        /** {@code version} (never below {@link #maxVersion}) boxed, reusing the box of the batch's earlier writes. */
        private Long boxed(long version) {
            if (version != maxVersion) {
                maxVersion = version;
                boxedVersion = version;
            }
            return boxedVersion;
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
        if (Keys.isKeyAfter(begin, end)) {
            addPointWrite(begin, version);
        } else if (Keys.compare(begin, end) < 0) {
            newest().addWrite(begin, end, version);
        }
    }

    /** Records a write of {@code key} alone at {@code version}: the range {@code [key, key\x00)}. */
    void addPointWrite(byte[] key, long version) {
        newest().addPointWrite(key, version);
    }

    /** The generation writes go to, after starting a new one if it is full. */
    private Generation newest() {
        Generation newest = generations.peekLast();
        if (newest.size() >= generationSteps) {
            newest.freeze();
            newest = new Generation();
            generations.addLast(newest);
        }
        return newest;
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
