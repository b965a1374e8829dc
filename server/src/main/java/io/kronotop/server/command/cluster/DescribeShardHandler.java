package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.cluster.ClusterAdmin;
import io.kronotop.server.cluster.ShardKind;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** KR.ADMIN DESCRIBE-SHARD kind id: the shard's primary, standbys, status and volume. */
final class DescribeShardHandler implements CommandHandler {
    private final Cluster cluster;

    DescribeShardHandler(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() != 4) {
            reply.error(RespError.INVALID_NUMBER_OF_PARAMETERS);
            return;
        }
        ShardKind kind = ShardKind.parse(args.string(2));
        if (kind == null) {
            reply.error(RespError.INVALID_SHARD_KIND);
            return;
        }
        int id = ClusterAdmin.parseShardId(args.string(3));
        if (id < 0) {
            reply.error(RespError.INVALID_SHARD_ID);
            return;
        }
        ClusterReplies.withState(ctx, reply, cluster, (state, out) -> {
            if (id >= state.table().shardCount(kind)) {
                out.error(RespError.INVALID_SHARD_ID);
                return;
            }
            ClusterReplies.shard(out, kind, id, state.table().route(kind, id));
        });
    }
}
