package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.cluster.Member;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.RedisShards;

/**
 * CLUSTER NODES: one line per node in Redis's format, {@code <id> <host>:<port>@<admin-port> <flags> - 0 0
 * <epoch> <link-state> <slot-ranges...>}; flags {@code myself,master}, {@code master}, plus {@code fail} for a
 * member that is silent or not RUNNING; the epoch is the routing version. A verbatim string in RESP3.
 */
final class ClusterNodesHandler implements CommandHandler {
    private final Cluster cluster;
    private final RedisShards shards;

    ClusterNodesHandler(Cluster cluster, RedisShards shards) {
        this.cluster = cluster;
        this.shards = shards;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ClusterTopology topology = ClusterTopology.of(cluster, shards);
        StringBuilder sb = new StringBuilder(128 * Math.max(1, topology.nodes.size()));
        for (ClusterTopology.Node node : topology.nodes) {
            Member m = node.member();
            sb.append(m.id()).append(' ').append(m.externalHost()).append(':').append(m.externalPort())
                .append('@').append(m.internalPort()).append(' ')
                .append(node.myself() ? "myself,master" : "master").append(node.failed() ? ",fail" : "")
                .append(" - 0 0 ").append(topology.table.version()).append(' ')
                .append(node.failed() ? "disconnected" : "connected");
            for (ClusterTopology.Range range : node.ranges()) {
                sb.append(' ').append(range.first());
                if (range.last() != range.first()) {
                    sb.append('-').append(range.last());
                }
            }
            sb.append('\n');
        }
        reply.verbatim("txt", sb.toString());
    }
}
