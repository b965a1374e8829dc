package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.util.List;

/** KR.ADMIN LIST-SILENT-MEMBERS: the RUNNING members whose heartbeat this member saw stand still too long. */
final class ListSilentMembersHandler implements CommandHandler {
    private final Cluster cluster;

    ListSilentMembersHandler(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (!cluster.routing().initialized()) {
            reply.error(RespError.CLUSTER_NOT_INITIALIZED);
            return;
        }
        List<String> silent = cluster.silentMembers();
        reply.arrayHeader(silent.size());
        for (String id : silent) {
            reply.bulk(id);
        }
    }
}
