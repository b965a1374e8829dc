package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** CLUSTER MYID: this member's id, the node id the other CLUSTER replies use for it. */
final class ClusterMyIdHandler implements CommandHandler {
    private final Cluster cluster;

    ClusterMyIdHandler(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        reply.bulk(cluster.localMemberId());
    }
}
