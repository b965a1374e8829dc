package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.cluster.Member;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.RedisShards;

/**
 * CLUSTER SLOTS: one entry per slot range, {@code [first, last, [host, port, node-id, {}]]}, primaries only,
 * as Redis 7 writes it (the empty networking metadata is a map in RESP3, an array in RESP2).
 */
final class ClusterSlotsHandler implements CommandHandler {
    private final Cluster cluster;
    private final RedisShards shards;

    ClusterSlotsHandler(Cluster cluster, RedisShards shards) {
        this.cluster = cluster;
        this.shards = shards;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ClusterTopology topology = ClusterTopology.of(cluster, shards);
        reply.arrayHeader(topology.ranges.size());
        for (ClusterTopology.Range range : topology.ranges) {
            Member primary = range.primary();
            reply.arrayHeader(3);
            reply.integer(range.first());
            reply.integer(range.last());
            reply.arrayHeader(4);
            reply.bulk(primary.externalHost());
            reply.integer(primary.externalPort());
            reply.bulk(primary.id());
            reply.mapHeader(0);
        }
    }
}
