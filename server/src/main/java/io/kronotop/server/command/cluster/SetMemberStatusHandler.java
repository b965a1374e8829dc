package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.cluster.MemberStatus;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** KR.ADMIN SET-MEMBER-STATUS id RUNNING|UNAVAILABLE|STOPPED|UNKNOWN. */
final class SetMemberStatusHandler implements CommandHandler {
    private final Cluster cluster;

    SetMemberStatusHandler(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        MemberStatus status = MemberStatus.parse(args.string(3));
        if (status == null) {
            reply.error(RespError.invalidMemberStatus(args.string(3)));
            return;
        }
        ClusterReplies.okAfterReload(ctx, reply, cluster, cluster.admin().setMemberStatus(args.string(2), status));
    }
}
