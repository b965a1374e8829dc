package io.kronotop.server.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable snapshot of the cluster's layout as read from the metastore at one topology version: the
 * shards of each kind with their routes and statuses, and the registered members. Any thread.
 */
public final class RoutingTable {
    /** What a member sees before the cluster is initialised (or after it was dropped). */
    public static final RoutingTable UNINITIALIZED = new RoutingTable(0, false, Map.of(), Map.of());

    private final long version;
    private final boolean initialized;
    private final Map<ShardKind, List<ShardRoute>> routes;
    private final Map<String, Member> members;

    RoutingTable(long version, boolean initialized, Map<ShardKind, List<ShardRoute>> routes,
                 Map<String, Member> members) {
        this.version = version;
        this.initialized = initialized;
        EnumMap<ShardKind, List<ShardRoute>> copy = new EnumMap<>(ShardKind.class);
        for (ShardKind kind : ShardKind.values()) {
            copy.put(kind, List.copyOf(routes.getOrDefault(kind, List.of())));
        }
        this.routes = Collections.unmodifiableMap(copy);
        this.members = Collections.unmodifiableMap(new TreeMap<>(members));
    }

    /** The topology version this snapshot was read at; every route, status or member change raises it. */
    public long version() {
        return version;
    }

    /** False until {@code KR.ADMIN INITIALIZE-CLUSTER} (or the automatic bootstrap) has run. */
    public boolean initialized() {
        return initialized;
    }

    /** The number of shards of {@code kind}; 0 before initialisation. */
    public int shardCount(ShardKind kind) {
        return routes.get(kind).size();
    }

    /** The route of shard {@code shardId}; throws {@link IndexOutOfBoundsException} for an id out of range. */
    public ShardRoute route(ShardKind kind, int shardId) {
        return routes.get(kind).get(shardId);
    }

    /** The member with exactly this id, or null. */
    public Member member(String id) {
        return members.get(id);
    }

    /** Every registered member, sorted by id. */
    public Collection<Member> members() {
        return members.values();
    }

    /** Ids of the shards of {@code kind} whose primary is {@code memberId}, ascending. */
    public List<Integer> primaryShards(String memberId, ShardKind kind) {
        List<Integer> ids = new ArrayList<>();
        List<ShardRoute> list = routes.get(kind);
        for (int i = 0; i < list.size(); i++) {
            if (memberId.equals(list.get(i).primary())) {
                ids.add(i);
            }
        }
        return ids;
    }

    /** Names of the volumes of every shard {@code memberId} is primary for. */
    public Set<String> primaryVolumes(String memberId) {
        Set<String> names = new TreeSet<>();
        for (ShardKind kind : ShardKind.values()) {
            for (int id : primaryShards(memberId, kind)) {
                names.add(kind.volumeName(id));
            }
        }
        return names;
    }

    @Override
    public String toString() {
        return "RoutingTable{version=" + version + ", initialized=" + initialized + ", redis="
            + shardCount(ShardKind.REDIS) + ", bucket=" + shardCount(ShardKind.BUCKET) + ", members="
            + members.keySet() + "}";
    }
}
