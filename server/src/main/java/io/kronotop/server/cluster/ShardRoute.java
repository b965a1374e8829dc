package io.kronotop.server.cluster;

import java.util.List;

/**
 * Where one shard lives.
 *
 * @param primary   the member id of the primary, or null when none is assigned
 * @param standbys  member ids of the standbys, sorted
 * @param status    what the shard accepts
 */
public record ShardRoute(String primary, List<String> standbys, ShardStatus status) {
    /** A shard without routes, INOPERABLE. */
    public static final ShardRoute UNASSIGNED = new ShardRoute(null, List.of(), ShardStatus.INOPERABLE);

    public ShardRoute {
        standbys = List.copyOf(standbys);
    }
}
