package io.kronotop.perf.volume;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeConfig;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Volume#append(long, MemorySegment)} over a fresh embedded metastore in its own folder: segment write,
 * group-commit {@code fdatasync}, the batch's metadata transaction through the metastore's log, acknowledgement.
 */
final class VolumeAppendTarget implements AppendTarget {
    static final String NAME = "perf-shard-0";
    static final long PREFIX = 0x0102030405060708L;

    private final EmbeddedDatabase db;
    private final Volume volume;
    private final AtomicLong acknowledged = new AtomicLong();

    VolumeAppendTarget(Path dir, VolumeConfig config) throws IOException {
        db = EmbeddedDatabase.open(dir.resolve("metastore"));
        try {
            volume = Volume.open(dir.resolve(NAME), NAME, config, db, new Subspace(Tuple.from("volumes", NAME)));
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public void append(int thread, MemorySegment payload) {
        volume.append(PREFIX, payload).join();
        acknowledged.incrementAndGet();
    }

    @Override
    public long acknowledged() {
        return acknowledged.get();
    }

    @Override
    public long syncs() {
        return volume.store().flusher().batchesSynced();
    }

    /** The volume, for checks after a run. */
    Volume volume() {
        return volume;
    }

    @Override
    public void close() {
        volume.close();
        db.close();
    }
}
