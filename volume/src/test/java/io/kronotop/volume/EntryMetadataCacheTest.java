package io.kronotop.volume;

import com.apple.foundationdb.tuple.Versionstamp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntryMetadataCacheTest {
    private static final Versionstamp ID = Versionstamp.complete(new byte[10], 1);
    private static final EntryLocation OLD = new EntryLocation(0, 256, 10);

    @Test
    void shouldNotCacheALocationReadBeforeAnInvalidation() {
        EntryMetadataCache cache = new EntryMetadataCache(10);
        long generation = cache.generation();

        cache.invalidate(1, ID);
        cache.putIfUnchanged(1, ID, OLD, generation);

        assertThat(cache.get(1, ID)).isNull();
        cache.putIfUnchanged(1, ID, OLD, cache.generation());
        assertThat(cache.get(1, ID)).isEqualTo(OLD);
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedEntryBeyondItsBound() {
        EntryMetadataCache cache = new EntryMetadataCache(2);
        cache.put(1, ID, OLD);
        cache.put(2, ID, OLD);
        assertThat(cache.get(1, ID)).isNotNull();

        cache.put(3, ID, OLD);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(2, ID)).isNull();
        assertThat(cache.get(1, ID)).isNotNull();
    }
}
