package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.volume.Volume;

import java.nio.file.Path;

/**
 * VOLUME.ADMIN CLEANUP-ORPHAN-FILES vol: deletes the segment files no metadata references and answers their absolute
 * paths (an empty array when there were none). Runs on the offload executor (metastore round trips, file deletion).
 */
final class VolumeCleanupOrphanFilesHandler implements CommandHandler {
    private final Volumes volumes;

    VolumeCleanupOrphanFilesHandler(Volumes volumes) {
        this.volumes = volumes;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Volume volume = VolumeReplies.lookup(volumes, args.string(2), reply);
        if (volume == null) {
            return;
        }
        VolumeReplies.offload(ctx, () -> volume.maintenance().cleanupOrphanFiles(), (removed, out) -> {
            out.arrayHeader(removed.size());
            for (Path path : removed) {
                out.bulk(path.toString());
            }
        });
    }
}
