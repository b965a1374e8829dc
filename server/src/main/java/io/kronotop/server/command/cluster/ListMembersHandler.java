package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.cluster.Member;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** KR.ADMIN LIST-MEMBERS: every registered member, whatever its status, in process id order. */
final class ListMembersHandler implements CommandHandler {
    private final Cluster cluster;

    ListMembersHandler(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ClusterReplies.withState(ctx, reply, cluster, (state, out) -> {
            List<Member> members = new ArrayList<>(state.table().members());
            members.sort(Comparator.comparing(Member::processId).thenComparing(Member::id));
            out.mapHeader(members.size());
            for (Member member : members) {
                out.bulk(member.id());
                out.mapHeader(ClusterReplies.MEMBER_FIELDS);
                ClusterReplies.memberFields(out, member, state.heartbeat(member.id()));
            }
        });
    }
}
