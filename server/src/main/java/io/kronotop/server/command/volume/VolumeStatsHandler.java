package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.volume.Volume;

/**
 * VOLUME.STATS vol [SEGMENTS | OPCOUNTERS | RESET]: the volume-wide overview {@code {status, segment_count,
 * total_size_bytes, used_bytes, free_bytes, garbage_bytes, garbage_percentage (fraction), fill_ratio,
 * total_cardinality}}; one map per segment {@code {segment_id, size_bytes, used_bytes, free_bytes, garbage_bytes,
 * garbage_percentage (0-100), cardinality}}; the operation counters {@code {appends, deletes, updates, gets,
 * bytes_appended, bytes_read, segments_created}}; or OK after zeroing them. REPLICATION is not implemented yet.
 */
final class VolumeStatsHandler implements CommandHandler {
    private static final byte[] SEGMENTS = {'S', 'E', 'G', 'M', 'E', 'N', 'T', 'S'};
    private static final byte[] OPCOUNTERS = {'O', 'P', 'C', 'O', 'U', 'N', 'T', 'E', 'R', 'S'};
    private static final byte[] RESET = {'R', 'E', 'S', 'E', 'T'};

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
        boolean opCounters = args.count() == 3 && args.equalsIgnoreCase(2, OPCOUNTERS);
        boolean reset = args.count() == 3 && args.equalsIgnoreCase(2, RESET);
        if (args.count() == 3 && !args.equalsIgnoreCase(2, SEGMENTS) && !opCounters && !reset) {
            reply.error("ERR unknown subcommand '" + args.string(2) + "'");
            return;
        }
        Volume volume = VolumeReplies.lookup(volumes, args.string(1), reply);
        if (volume == null) {
            return;
        }
        if (reset) {
            volume.counters().reset();
            reply.ok();
            return;
        }
        if (opCounters) {
            VolumeStatsReplies.opCounters(volume.counters().snapshot(), reply);
            return;
        }
        boolean perSegment = args.count() == 3;
        VolumeReplies.withSegmentStats(ctx, reply, volume, (stats, out) -> {
            if (perSegment) {
                VolumeStatsReplies.segments(stats, out);
            } else {
                VolumeStatsReplies.overview(volume, stats, out);
            }
        });
    }
}
