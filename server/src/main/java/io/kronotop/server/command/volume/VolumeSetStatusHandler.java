package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.command.txn.TransactionRunner;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeStatus;

/** VOLUME.ADMIN SET-STATUS vol READWRITE|READONLY|INOPERABLE: persists the status, then enforces it. */
final class VolumeSetStatusHandler implements CommandHandler {
    private final Volumes volumes;

    VolumeSetStatusHandler(Volumes volumes) {
        this.volumes = volumes;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Volume volume = VolumeReplies.lookup(volumes, args.string(2), reply);
        if (volume == null) {
            return;
        }
        String text = args.string(3);
        VolumeStatus status = VolumeStatus.parse(text);
        if (status == null) {
            reply.error(VolumeReplies.invalidStatus(text));
            return;
        }
        TransactionRunner.complete(ctx, reply, volume.setStatus(status), (ignored, out) -> out.ok());
    }
}
