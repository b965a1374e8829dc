package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.volume.Volume;

import java.util.List;

/** VOLUME.ADMIN LIST-SEGMENTS vol: the volume's segment ids, ascending. */
final class VolumeListSegmentsHandler implements CommandHandler {
    private final Volumes volumes;

    VolumeListSegmentsHandler(Volumes volumes) {
        this.volumes = volumes;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Volume volume = VolumeReplies.lookup(volumes, args.string(2), reply);
        if (volume == null) {
            return;
        }
        List<Long> ids = volume.segmentIds();
        reply.arrayHeader(ids.size());
        for (long id : ids) {
            reply.integer(id);
        }
    }
}
