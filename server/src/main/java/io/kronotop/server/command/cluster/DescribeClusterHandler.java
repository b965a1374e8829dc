package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.cluster.ClusterLayout;
import io.kronotop.server.cluster.RoutingTable;
import io.kronotop.server.cluster.ShardKind;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** KR.ADMIN DESCRIBE-CLUSTER: metadata version, name, and every shard of each kind with its route. */
final class DescribeClusterHandler implements CommandHandler {
    private final Cluster cluster;

    DescribeClusterHandler(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ClusterReplies.withState(ctx, reply, cluster, (state, out) -> {
            RoutingTable table = state.table();
            out.mapHeader(2 + ShardKind.values().length);
            out.bulk("metadata_version");
            out.bulk(ClusterLayout.METADATA_VERSION);
            out.bulk("cluster_name");
            out.bulk(cluster.config().name());
            for (ShardKind kind : ShardKind.values()) {
                out.bulk(kind.lowerName());
                out.mapHeader(table.shardCount(kind));
                for (int id = 0; id < table.shardCount(kind); id++) {
                    out.integer(id);
                    ClusterReplies.shard(out, kind, id, table.route(kind, id));
                }
            }
        });
    }
}
