package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeSegmentStats;

/**
 * VOLUME.ADMIN DESCRIBE vol: {@code {name, status, data_dir, segment_size, segments: {id: {size, free_bytes,
 * used_bytes, garbage_percentage, cardinality}}}}.
 */
final class VolumeDescribeHandler implements CommandHandler {
    private final Volumes volumes;

    VolumeDescribeHandler(Volumes volumes) {
        this.volumes = volumes;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Volume volume = VolumeReplies.lookup(volumes, args.string(2), reply);
        if (volume == null) {
            return;
        }
        VolumeReplies.withSegmentStats(ctx, reply, volume, (stats, out) -> {
            out.mapHeader(5);
            out.simpleString("name");
            out.bulk(volume.name());
            out.simpleString("status");
            out.bulk(volume.status().name());
            out.simpleString("data_dir");
            out.bulk(volume.dir().toAbsolutePath().toString());
            out.simpleString("segment_size");
            out.integer(volumes.config(volume.name()).segmentSizeBytes());
            out.simpleString("segments");
            out.mapHeader(stats.size());
            for (VolumeSegmentStats segment : stats) {
                out.integer(segment.segmentId());
                out.mapHeader(5);
                out.simpleString("size");
                out.integer(segment.sizeBytes());
                out.simpleString("free_bytes");
                out.integer(segment.freeBytes());
                out.simpleString("used_bytes");
                out.integer(segment.usedBytes());
                out.simpleString("garbage_percentage");
                out.doubleValue(segment.garbagePercentage());
                out.simpleString("cardinality");
                out.integer(segment.cardinality());
            }
        });
    }
}
