package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.util.List;

/** VOLUME.ADMIN LIST: names of the volumes open on this member. */
final class VolumeListHandler implements CommandHandler {
    private final Volumes volumes;

    VolumeListHandler(Volumes volumes) {
        this.volumes = volumes;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        List<String> names = volumes.names();
        reply.arrayHeader(names.size());
        for (String name : names) {
            reply.bulk(name);
        }
    }
}
