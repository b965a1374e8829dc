package io.kronotop.server.command.volume;

import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeOpCounters;
import io.kronotop.volume.VolumeSegmentStats;

import java.util.List;

/** The reply shapes of VOLUME.STATS. */
final class VolumeStatsReplies {
    private VolumeStatsReplies() {
    }

    static void opCounters(VolumeOpCounters.Snapshot counters, ReplyWriter out) {
        out.mapHeader(7);
        out.simpleString("appends");
        out.integer(counters.appends());
        out.simpleString("deletes");
        out.integer(counters.deletes());
        out.simpleString("updates");
        out.integer(counters.updates());
        out.simpleString("gets");
        out.integer(counters.gets());
        out.simpleString("bytes_appended");
        out.integer(counters.bytesAppended());
        out.simpleString("bytes_read");
        out.integer(counters.bytesRead());
        out.simpleString("segments_created");
        out.integer(counters.segmentsCreated());
    }

    static void segments(List<VolumeSegmentStats> stats, ReplyWriter out) {
        out.arrayHeader(stats.size());
        for (VolumeSegmentStats segment : stats) {
            out.mapHeader(7);
            out.simpleString("segment_id");
            out.integer(segment.segmentId());
            out.simpleString("size_bytes");
            out.integer(segment.sizeBytes());
            out.simpleString("used_bytes");
            out.integer(segment.usedBytes());
            out.simpleString("free_bytes");
            out.integer(segment.freeBytes());
            out.simpleString("garbage_bytes");
            out.integer(segment.garbageBytes());
            out.simpleString("garbage_percentage");
            out.doubleValue(segment.garbagePercentage());
            out.simpleString("cardinality");
            out.integer(segment.cardinality());
        }
    }

    static void overview(Volume volume, List<VolumeSegmentStats> stats, ReplyWriter out) {
        long size = 0;
        long used = 0;
        long free = 0;
        long garbage = 0;
        long cardinality = 0;
        for (VolumeSegmentStats segment : stats) {
            size += segment.sizeBytes();
            used += segment.usedBytes();
            free += segment.freeBytes();
            garbage += segment.garbageBytes();
            cardinality += segment.cardinality();
        }
        out.mapHeader(9);
        out.simpleString("status");
        out.bulk(volume.status().name());
        out.simpleString("segment_count");
        out.integer(stats.size());
        out.simpleString("total_size_bytes");
        out.integer(size);
        out.simpleString("used_bytes");
        out.integer(used);
        out.simpleString("free_bytes");
        out.integer(free);
        out.simpleString("garbage_bytes");
        out.integer(garbage);
        out.simpleString("garbage_percentage");
        out.doubleValue(size == 0 ? 0.0 : (double) garbage / size);
        out.simpleString("fill_ratio");
        out.doubleValue(size == 0 ? 0.0 : (double) (size - free) / size);
        out.simpleString("total_cardinality");
        out.integer(cardinality);
    }
}
