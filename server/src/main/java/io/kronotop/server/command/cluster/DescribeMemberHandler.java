package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.cluster.Member;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** KR.ADMIN DESCRIBE-MEMBER: this member's id, status, process id, addresses and heartbeat counter. */
final class DescribeMemberHandler implements CommandHandler {
    private final Cluster cluster;

    DescribeMemberHandler(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ClusterReplies.withState(ctx, reply, cluster, (state, out) -> {
            String id = cluster.localMemberId();
            Member registered = state.table().member(id);
            out.mapHeader(1 + ClusterReplies.MEMBER_FIELDS);
            out.bulk("member_id");
            out.bulk(id);
            ClusterReplies.memberFields(out, registered != null ? registered : cluster.localMember(),
                state.heartbeat(id));
        });
    }
}
