package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.cluster.Member;
import io.kronotop.server.cluster.MemberResolver;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** KR.ADMIN FIND-MEMBER id|prefix: one member's status, process id, addresses and heartbeat counter. */
final class FindMemberHandler implements CommandHandler {
    private final Cluster cluster;

    FindMemberHandler(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() < 3) {
            reply.error(RespError.MEMBER_ID_REQUIRED);
            return;
        }
        if (args.count() > 3) {
            reply.error(RespError.INVALID_NUMBER_OF_PARAMETERS);
            return;
        }
        String given = args.string(2);
        ClusterReplies.withState(ctx, reply, cluster, (state, out) -> {
            Member member;
            try {
                member = state.table().member(MemberResolver.resolve(state.table().members(), given,
                    RespError::memberNotRegistered));
            } catch (CommandException e) {
                out.error(e.reply());
                return;
            }
            out.mapHeader(ClusterReplies.MEMBER_FIELDS);
            ClusterReplies.memberFields(out, member, state.heartbeat(member.id()));
        });
    }
}
