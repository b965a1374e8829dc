package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.cluster.Member;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.RedisShards;

/**
 * CLUSTER SHARDS: one Redis shard per listed node (its slot ranges as flat first/last pairs, and the node itself
 * as the only, master, member), in Redis 7's shape: maps {@code slots}, {@code nodes} and per node {@code id},
 * {@code port}, {@code ip}, {@code endpoint}, {@code role}, {@code replication-offset}, {@code health}.
 */
final class ClusterShardsHandler implements CommandHandler {
    private final Cluster cluster;
    private final RedisShards shards;

    ClusterShardsHandler(Cluster cluster, RedisShards shards) {
        this.cluster = cluster;
        this.shards = shards;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ClusterTopology topology = ClusterTopology.of(cluster, shards);
        reply.arrayHeader(topology.nodes.size());
        for (ClusterTopology.Node node : topology.nodes) {
            Member member = node.member();
            reply.mapHeader(2);
            reply.bulk("slots");
            reply.arrayHeader(node.ranges().size() * 2);
            for (ClusterTopology.Range range : node.ranges()) {
                reply.integer(range.first());
                reply.integer(range.last());
            }
            reply.bulk("nodes");
            reply.arrayHeader(1);
            reply.mapHeader(7);
            reply.bulk("id");
            reply.bulk(member.id());
            reply.bulk("port");
            reply.integer(member.externalPort());
            reply.bulk("ip");
            reply.bulk(member.externalHost());
            reply.bulk("endpoint");
            reply.bulk(member.externalHost());
            reply.bulk("role");
            reply.bulk("master");
            reply.bulk("replication-offset");
            reply.integer(0);
            reply.bulk("health");
            reply.bulk(node.failed() ? "fail" : "online");
        }
    }
}
