package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeSegmentStats;

import java.util.List;

/**
 * VOLUME.STATS vol [SEGMENTS]: the volume-wide overview {@code {status, segment_count, total_size_bytes,
 * used_bytes, free_bytes, garbage_bytes, garbage_percentage (fraction), fill_ratio, total_cardinality}}, or one map
 * per segment {@code {segment_id, size_bytes, used_bytes, free_bytes, garbage_bytes, garbage_percentage (0-100),
 * cardinality}}. OPCOUNTERS, REPLICATION and RESET are not implemented yet.
 */
final class VolumeStatsHandler implements CommandHandler {
    private static final byte[] SEGMENTS = {'S', 'E', 'G', 'M', 'E', 'N', 'T', 'S'};

    private final Volumes volumes;

    VolumeStatsHandler(Volumes volumes) {
        this.volumes = volumes;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() > 3) {
            reply.error("ERR wrong number of arguments for 'VOLUME.STATS' command");
            return;
        }
        if (args.count() == 3 && !args.equalsIgnoreCase(2, SEGMENTS)) {
            reply.error("ERR unknown subcommand '" + args.string(2) + "'");
            return;
        }
        Volume volume = VolumeReplies.lookup(volumes, args.string(1), reply);
        if (volume == null) {
            return;
        }
        boolean perSegment = args.count() == 3;
        VolumeReplies.withSegmentStats(ctx, reply, volume, (stats, out) -> {
            if (perSegment) {
                segments(stats, out);
            } else {
                overview(volume, stats, out);
            }
        });
    }

    private static void segments(List<VolumeSegmentStats> stats, ReplyWriter out) {
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

    private static void overview(Volume volume, List<VolumeSegmentStats> stats, ReplyWriter out) {
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
