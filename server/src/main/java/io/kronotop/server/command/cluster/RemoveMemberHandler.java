package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** KR.ADMIN REMOVE-MEMBER id: unregisters a member that is not RUNNING. */
final class RemoveMemberHandler implements CommandHandler {
    private final Cluster cluster;

    RemoveMemberHandler(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ClusterReplies.okAfterReload(ctx, reply, cluster, cluster.admin().removeMember(args.string(2)));
    }
}
