package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.cluster.ShardKind;
import io.kronotop.server.cluster.ShardStatus;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** KR.ADMIN SET-SHARD-STATUS kind shard-id|* READWRITE|READONLY|INOPERABLE; {@code *} in one transaction. */
final class SetShardStatusHandler implements CommandHandler {
    private final Cluster cluster;

    SetShardStatusHandler(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ShardKind kind = ShardKind.parse(args.string(2));
        if (kind == null) {
            reply.error(RespError.INVALID_SHARD_KIND);
            return;
        }
        ShardStatus status = ShardStatus.parse(args.string(4));
        if (status == null) {
            reply.error(RespError.invalidShardStatus(args.string(4)));
            return;
        }
        ClusterReplies.okAfterReload(ctx, reply, cluster,
            cluster.admin().setShardStatus(kind, args.string(3), status));
    }
}
