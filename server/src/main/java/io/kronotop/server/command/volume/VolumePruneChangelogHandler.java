package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.command.txn.TransactionRunner;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.volume.Volume;

/** VOLUME.ADMIN PRUNE-CHANGELOG vol hours: removes the changelog records older than {@code hours}; OK. */
final class VolumePruneChangelogHandler implements CommandHandler {
    private final Volumes volumes;

    VolumePruneChangelogHandler(Volumes volumes) {
        this.volumes = volumes;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Volume volume = VolumeReplies.lookup(volumes, args.string(2), reply);
        if (volume == null) {
            return;
        }
        long hours;
        try {
            hours = Long.parseLong(args.string(3));
        } catch (NumberFormatException e) {
            reply.error("ERR value is not an integer or out of range");
            return;
        }
        if (hours <= 0) {
            reply.error("ERR retention period must be greater than zero");
            return;
        }
        TransactionRunner.complete(ctx, reply, volume.changelogPruner().prune(hours, ctx.nowMs()),
            (ignored, out) -> out.ok());
    }
}
