package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/**
 * VOLUME.ADMIN REPLICATIONS: the replication sessions of this member, keyed by slot id. Replication is not built yet,
 * so the map is always empty (an empty array in RESP2).
 */
final class VolumeReplicationsHandler implements CommandHandler {

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        reply.mapHeader(0);
    }
}
