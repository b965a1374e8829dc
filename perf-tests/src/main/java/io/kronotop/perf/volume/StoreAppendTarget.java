package io.kronotop.perf.volume;

import io.kronotop.volume.FileSegmentStore;
import io.kronotop.volume.VolumeConfig;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The diagnostic middle: {@link FileSegmentStore#append} alone (segment write and group-commit sync by the same
 * flusher as the volume's, no metadata, no metastore). Volume minus store is what the metadata commit costs.
 */
final class StoreAppendTarget implements AppendTarget {
    private final FileSegmentStore store;
    private final AtomicLong acknowledged = new AtomicLong();

    StoreAppendTarget(Path dir, VolumeConfig config) throws IOException {
        store = FileSegmentStore.open(dir.resolve(VolumeAppendTarget.NAME), VolumeAppendTarget.NAME, 1, config);
    }

    @Override
    public void append(int thread, MemorySegment payload) {
        store.append(VolumeAppendTarget.PREFIX, payload).join();
        acknowledged.incrementAndGet();
    }

    @Override
    public long acknowledged() {
        return acknowledged.get();
    }

    @Override
    public long syncs() {
        return store.flusher().batchesSynced();
    }

    @Override
    public void close() {
        store.close();
    }
}
