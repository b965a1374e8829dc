package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.RedisShards;
import io.kronotop.server.redis.SlotHash;

/**
 * CLUSTER INFO: Redis's fields. {@code cluster_state} is {@code ok} when every slot has a primary that can serve
 * it (running, not silent, shard not INOPERABLE); the epochs are the routing version; there is no cluster bus,
 * so the message counters are 0. A verbatim string in RESP3.
 */
final class ClusterInfoHandler implements CommandHandler {
    private final Cluster cluster;
    private final RedisShards shards;

    ClusterInfoHandler(Cluster cluster, RedisShards shards) {
        this.cluster = cluster;
        this.shards = shards;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ClusterTopology topology = ClusterTopology.of(cluster, shards);
        int assigned = topology.assignedSlots();
        int failed = topology.failedSlots();
        int ok = assigned - failed;
        StringBuilder sb = new StringBuilder(400);
        field(sb, "cluster_state", ok == SlotHash.SLOTS ? "ok" : "fail");
        field(sb, "cluster_slots_assigned", assigned);
        field(sb, "cluster_slots_ok", ok);
        field(sb, "cluster_slots_pfail", 0);
        field(sb, "cluster_slots_fail", failed);
        field(sb, "cluster_known_nodes", topology.nodes.size());
        field(sb, "cluster_size", topology.size());
        field(sb, "cluster_current_epoch", topology.table.version());
        field(sb, "cluster_my_epoch", topology.table.version());
        field(sb, "cluster_stats_messages_sent", 0);
        field(sb, "cluster_stats_messages_received", 0);
        field(sb, "total_cluster_links_buffer_limit_exceeded", 0);
        reply.verbatim("txt", sb.toString());
    }

    private static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }
}
