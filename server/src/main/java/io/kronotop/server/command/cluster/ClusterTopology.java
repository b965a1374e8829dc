package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.cluster.Member;
import io.kronotop.server.cluster.MemberStatus;
import io.kronotop.server.cluster.RoutingTable;
import io.kronotop.server.cluster.ShardKind;
import io.kronotop.server.cluster.ShardRoute;
import io.kronotop.server.cluster.ShardStatus;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.RedisShards;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster as Redis Cluster clients see it, computed from one routing snapshot: slot ranges with their
 * primary (adjacent shards of the same primary merged into one range), and the nodes: every RUNNING member plus
 * any member still primary of a shard. Node ids are member ids. Standbys are not shown: they serve no reads.
 */
final class ClusterTopology {
    /** Slots {@code first..last}, served by {@code primary}; {@code failed} when the shard is INOPERABLE. */
    record Range(int first, int last, Member primary, boolean failed) {
    }

    /** A node as listed, with the ranges it is primary for. */
    record Node(Member member, boolean myself, boolean failed, List<Range> ranges) {
    }

    final RoutingTable table;
    final List<Range> ranges;
    final List<Node> nodes;

    private ClusterTopology(RoutingTable table, List<Range> ranges, List<Node> nodes) {
        this.table = table;
        this.ranges = ranges;
        this.nodes = nodes;
    }

    static ClusterTopology of(Cluster cluster, RedisShards shards) {
        RoutingTable table = cluster.routing();
        Set<String> silent = new HashSet<>(cluster.silentMembers());
        int known = table.initialized() ? Math.min(shards.count(), table.shardCount(ShardKind.REDIS)) : 0;
        List<Range> ranges = new ArrayList<>();
        for (int i = 0; i < known; i++) {
            ShardRoute route = table.route(ShardKind.REDIS, i);
            Member primary = route.primary() == null ? null : table.member(route.primary());
            if (primary == null) {
                continue;
            }
            RedisShard shard = shards.shard(i);
            boolean failed = route.status() == ShardStatus.INOPERABLE;
            Range last = ranges.isEmpty() ? null : ranges.getLast();
            if (last != null && last.primary().id().equals(primary.id()) && last.last() + 1 == shard.firstSlot()
                && last.failed() == failed) {
                ranges.set(ranges.size() - 1, new Range(last.first(), shard.lastSlot(), primary, failed));
            } else {
                ranges.add(new Range(shard.firstSlot(), shard.lastSlot(), primary, failed));
            }
        }
        Map<String, List<Range>> byPrimary = new LinkedHashMap<>();
        for (Range range : ranges) {
            byPrimary.computeIfAbsent(range.primary().id(), id -> new ArrayList<>()).add(range);
        }
        List<Node> nodes = new ArrayList<>();
        for (Member member : table.members()) {
            List<Range> own = byPrimary.getOrDefault(member.id(), List.of());
            boolean running = member.status() == MemberStatus.RUNNING;
            if (!running && own.isEmpty()) {
                continue;
            }
            boolean myself = member.id().equals(cluster.localMemberId());
            boolean failed = !myself && (!running || silent.contains(member.id()));
            nodes.add(new Node(member, myself, failed, own));
        }
        return new ClusterTopology(table, ranges, nodes);
    }

    /** The number of slots served by a primary. */
    int assignedSlots() {
        int sum = 0;
        for (Range range : ranges) {
            sum += range.last() - range.first() + 1;
        }
        return sum;
    }

    /** Assigned slots that cannot be served now: INOPERABLE shards and primaries that are silent or stopped. */
    int failedSlots() {
        Set<String> failedNodes = new HashSet<>();
        for (Node node : nodes) {
            if (node.failed()) {
                failedNodes.add(node.member().id());
            }
        }
        int sum = 0;
        for (Range range : ranges) {
            if (range.failed() || failedNodes.contains(range.primary().id())) {
                sum += range.last() - range.first() + 1;
            }
        }
        return sum;
    }

    /** Nodes that are primary for at least one slot (Redis's cluster_size). */
    int size() {
        int n = 0;
        for (Node node : nodes) {
            if (!node.ranges().isEmpty()) {
                n++;
            }
        }
        return n;
    }
}
