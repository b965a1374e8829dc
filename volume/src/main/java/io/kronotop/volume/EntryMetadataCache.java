package io.kronotop.volume;

import com.apple.foundationdb.tuple.Versionstamp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounded least-recently-used cache of entry locations, for reads outside a transaction. Filled after commits
 * and on misses; updates and deletes invalidate their key after their commit, and a miss that raced an
 * invalidation is not cached. A hit may be briefly stale (read just before an update's invalidation);
 * {@link Volume} re-reads the metastore when a cached location does not read back.
 *
 * <p>Any thread (one monitor; the critical sections are a map operation each).
 */
final class EntryMetadataCache {
    private final Map<Key, EntryLocation> map;
    private long invalidations;

    EntryMetadataCache(int maxEntries) {
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, EntryLocation> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized EntryLocation get(long prefix, Versionstamp id) {
        return map.get(new Key(prefix, id));
    }

    synchronized void put(long prefix, Versionstamp id, EntryLocation location) {
        map.put(new Key(prefix, id), location);
    }

    /**
     * Caches what a reader found in the metastore, unless an invalidation happened since {@code generation} (taken
     * with {@link #generation()} before the read): the reader may then hold a location an update or delete has just
     * replaced, which must not outlive the invalidation.
     */
    synchronized void putIfUnchanged(long prefix, Versionstamp id, EntryLocation location, long generation) {
        if (invalidations == generation) {
            map.put(new Key(prefix, id), location);
        }
    }

    /** Counts invalidations; see {@link #putIfUnchanged}. */
    synchronized long generation() {
        return invalidations;
    }

    synchronized void invalidate(long prefix, Versionstamp id) {
        invalidations++;
        map.remove(new Key(prefix, id));
    }

    synchronized int size() {
        return map.size();
    }

    private record Key(long prefix, Versionstamp id) {
    }
}
