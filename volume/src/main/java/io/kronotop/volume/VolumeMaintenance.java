package io.kronotop.volume;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.volume.changelog.HybridLogicalClock;
import io.kronotop.volume.format.CorruptSegmentException;
import io.kronotop.volume.segment.SegmentFiles;
import io.kronotop.volume.vacuum.VacuumTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The operator's side of a volume: what vacuum moves and retires ({@link VacuumTarget}), orphan file cleanup, prefix
 * removal and the write cursor. Every method blocks on the metastore or the disk: call them off the reactors.
 */
public final class VolumeMaintenance implements VacuumTarget {
    /** How long a retired segment's mapping stays readable after its file is deleted (covers any snapshot read). */
    static final long RETIRE_GRACE_MS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(VolumeMaintenance.class);
    private static final int REMOVE_BATCH = 1_000;

    private final String name;
    private final Database db;
    private final VolumeSubspace layout;
    private final FileSegmentStore store;
    private final EntryMetadataCache cache;
    private final HybridLogicalClock clock;
    private final InFlightSegments inFlight;

    VolumeMaintenance(String name, Database db, VolumeSubspace layout, FileSegmentStore store,
                      EntryMetadataCache cache, HybridLogicalClock clock, InFlightSegments inFlight) {
        this.inFlight = inFlight;
        this.name = name;
        this.db = db;
        this.layout = layout;
        this.store = store;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Candidate> candidates() {
        long writable = store.writableSegmentId();
        List<Candidate> result = new ArrayList<>();
        for (VolumeSegmentStats stats : segmentStats()) {
            if (stats.segmentId() < writable) {
                result.add(new Candidate(stats.segmentId(), stats.garbagePercentage()));
            }
        }
        return result;
    }

    private List<VolumeSegmentStats> segmentStats() {
        return new VolumeStatsReader(db, layout, store).read().join();
    }

    @Override
    public long evacuate(long segmentId, long fromOffset, int maxEntries) {
        byte[] begin = layout.reverse().pack(Tuple.from(segmentId, fromOffset));
        byte[] end = layout.reverse().range(Tuple.from(segmentId)).end;
        List<KeyValue> live = db.read(tr -> tr.getRange(begin, end, maxEntries).asList().join());
        if (live.isEmpty()) {
            return -1;
        }
        List<byte[]> current = db.read(tr -> {
            List<CompletableFuture<byte[]>> reads = new ArrayList<>(live.size());
            for (KeyValue kv : live) {
                Tuple owner = Tuple.fromBytes(kv.getValue());
                reads.add(tr.get(layout.entryKey(owner.getLong(0), owner.getVersionstamp(1))));
            }
            List<byte[]> values = new ArrayList<>(reads.size());
            for (CompletableFuture<byte[]> read : reads) {
                values.add(read.join());
            }
            return values;
        });
        List<CompletableFuture<EntryLocation>> moves = new ArrayList<>(live.size());
        long lastOffset = fromOffset;
        for (int i = 0; i < live.size(); i++) {
            long offset = layout.reverse().unpack(live.get(i).getKey()).getLong(1);
            lastOffset = offset;
            byte[] value = current.get(i);
            if (value == null) {
                continue;
            }
            EntryLocation from = VolumeSubspace.decodeLocation(value);
            if (from.segmentId() != segmentId || from.offset() != offset) {
                continue;
            }
            Tuple owner = Tuple.fromBytes(live.get(i).getValue());
            long prefix = owner.getLong(0);
            Versionstamp id = owner.getVersionstamp(1);
            MemorySegment payload;
            try {
                payload = store.read(from);
            } catch (CorruptSegmentException e) {
                LOG.error("volume {}: cannot move entry {} of prefix {}: {}", name, id, prefix, e.getMessage());
                continue;
            }
            moves.add(store.append(prefix, payload, new PendingOp.Relocate(prefix, id, from)));
        }
        CompletableFuture.allOf(moves.toArray(new CompletableFuture<?>[0])).join();
        return lastOffset + 1;
    }

    @Override
    public boolean tryRetire(long segmentId) {
        if (segmentId >= store.writableSegmentId() || inFlight.pinned(segmentId)) {
            return false;
        }
        Tuple segment = Tuple.from(segmentId);
        boolean retired = db.run(tr -> {
            for (KeyValue kv : tr.getRange(layout.stats().range(segment)).asList().join()) {
                if (VolumeSubspace.readLe(kv.getValue()) != 0) {
                    return false;
                }
            }
            if (!tr.getRange(layout.reverse().range(segment), 1).asList().join().isEmpty()) {
                return false;
            }
            tr.clear(layout.stats().range(segment));
            tr.set(layout.guardKey(segmentId), VolumeSubspace.RETIRED);
            return true;
        });
        if (retired) {
            try {
                store.retire(segmentId, RETIRE_GRACE_MS);
            } catch (IOException e) {
                throw new UncheckedIOException("volume " + name + ": cannot delete segment " + segmentId, e);
            }
        }
        return retired;
    }

    /**
     * Deletes the segment files no metadata references: files of segments already retired (left by a crash between
     * the retirement and the deletion) and segments, other than the writable one, into which no key points (they are
     * retired first, in a transaction that checks it). A segment a key points into is never touched.
     *
     * @return the absolute paths of the deleted files
     */
    public List<Path> cleanupOrphanFiles() throws IOException {
        Set<Long> retiredIds = retiredSegmentIds();
        List<Path> removed = new ArrayList<>();
        Path segmentsDir = store.segmentPath(0).getParent();
        Set<Long> open = new HashSet<>();
        for (SegmentStats stats : store.stats()) {
            open.add(stats.segmentId());
        }
        for (long id : SegmentFiles.listIds(segmentsDir)) {
            if (retiredIds.contains(id) && !open.contains(id)) {
                Path path = store.segmentPath(id);
                if (Files.deleteIfExists(path)) {
                    removed.add(path.toAbsolutePath());
                }
            }
        }
        for (Candidate candidate : candidates()) {
            if (tryRetire(candidate.segmentId())) {
                removed.add(store.segmentPath(candidate.segmentId()).toAbsolutePath());
            }
        }
        if (!removed.isEmpty()) {
            SegmentFiles.syncDirectory(segmentsDir);
            LOG.info("volume {}: removed {} orphan segment file(s): {}", name, removed.size(), removed);
        }
        return removed;
    }

    Set<Long> retiredSegmentIds() {
        List<KeyValue> guards = db.read(tr -> tr.getRange(layout.guards().range()).asList().join());
        Set<Long> ids = new HashSet<>();
        for (KeyValue kv : guards) {
            ids.add(layout.guards().unpack(kv.getKey()).getLong(0));
        }
        return ids;
    }

    /**
     * Removes every entry of {@code prefix} (keys, reverse index, counters, a DELETE record each), in transactions
     * of at most {@value #REMOVE_BATCH} entries; their bytes become garbage for vacuum.
     *
     * @return how many entries were removed
     */
    public long removePrefix(long prefix) {
        long removed = 0;
        while (true) {
            int count = db.run(tr -> {
                List<KeyValue> batch = tr.getRange(layout.entries().range(Tuple.from(prefix)), REMOVE_BATCH)
                    .asList().join();
                for (KeyValue kv : batch) {
                    Versionstamp id = layout.entries().unpack(kv.getKey()).getVersionstamp(1);
                    layout.remove(tr, kv.getKey(), prefix, id, VolumeSubspace.decodeLocation(kv.getValue()),
                        clock.next());
                    cache.invalidate(prefix, id);
                }
                return batch.size();
            });
            removed += count;
            if (count < REMOVE_BATCH) {
                return removed;
            }
        }
    }

    /**
     * The write cursor: the writable segment, the offset of its next append, and the newest changelog record's
     * versionstamp and sequence number (null and -1 when the changelog is empty or pruned).
     */
    public Cursor cursor() {
        List<KeyValue> last = db.read(tr -> tr.getRange(layout.changelog().range(), 1, true).asList().join());
        long writable = store.writableSegmentId();
        long next = 0;
        for (SegmentStats stats : store.stats()) {
            if (stats.segmentId() == writable) {
                next = stats.appendOffset();
            }
        }
        if (last.isEmpty()) {
            return new Cursor(writable, null, next, -1);
        }
        Tuple key = layout.changelog().unpack(last.getFirst().getKey());
        return new Cursor(writable, key.getVersionstamp(3), next, key.getLong(0));
    }

    /** See {@link #cursor()}. */
    public record Cursor(long activeSegmentId, Versionstamp versionstamp, long nextPosition, long sequenceNumber) {
    }
}
