package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** KR.ADMIN INITIALIZE-CLUSTER: creates the layout once; every shard INOPERABLE without routes. */
final class InitializeClusterHandler implements CommandHandler {
    private final Cluster cluster;

    InitializeClusterHandler(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ClusterReplies.okAfterReload(ctx, reply, cluster, cluster.admin().initialize(null));
    }
}
