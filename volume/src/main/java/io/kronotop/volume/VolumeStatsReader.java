package io.kronotop.volume;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.tuple.Tuple;
import io.kronotop.volume.format.SegmentFileDescriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** Per-segment accounting: the persisted counters summed per segment, beside each open segment's write position. */
final class VolumeStatsReader {
    private final Database db;
    private final VolumeSubspace layout;
    private final FileSegmentStore store;

    VolumeStatsReader(Database db, VolumeSubspace layout, FileSegmentStore store) {
        this.db = db;
        this.layout = layout;
        this.store = store;
    }

    /** By ascending segment id; never blocks. */
    CompletableFuture<List<VolumeSegmentStats>> read() {
        List<SegmentStats> segments = store.stats();
        return db.readAsync(tr -> tr.getRange(layout.stats().range()).asList()).thenApply(counters -> {
            TreeMap<Long, long[]> perSegment = new TreeMap<>();
            for (KeyValue kv : counters) {
                Tuple key = layout.stats().unpack(kv.getKey());
                long[] sums = perSegment.computeIfAbsent(key.getLong(0), k -> new long[2]);
                sums[key.getLong(2) == VolumeSubspace.STAT_CARDINALITY ? 0 : 1] += VolumeSubspace.readLe(kv.getValue());
            }
            List<VolumeSegmentStats> result = new ArrayList<>(segments.size());
            for (SegmentStats segment : segments) {
                long[] sums = perSegment.getOrDefault(segment.segmentId(), new long[2]);
                long written = segment.appendOffset() - SegmentFileDescriptor.HEADER_LENGTH;
                result.add(new VolumeSegmentStats(segment.segmentId(), segment.sizeBytes(), segment.freeBytes(),
                    sums[1], written - sums[1], sums[0]));
            }
            return result;
        });
    }
}
