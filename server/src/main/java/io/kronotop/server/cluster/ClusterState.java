package io.kronotop.server.cluster;

import java.util.Map;

/**
 * A routing table read fresh from the metastore, with every member's heartbeat counter.
 *
 * @param table      the routing table
 * @param heartbeats heartbeat counter by member id (0 when a member never beat)
 */
public record ClusterState(RoutingTable table, Map<String, Long> heartbeats) {
    public long heartbeat(String memberId) {
        return heartbeats.getOrDefault(memberId, 0L);
    }
}
