package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.CommandSpec;
import io.kronotop.server.redis.RedisShards;

import java.util.List;

import static io.kronotop.server.command.CommandSpec.of;

/**
 * The Redis Cluster specification subset on the client port: CLUSTER SLOTS, SHARDS, NODES, MYID, KEYSLOT, INFO,
 * COUNTKEYSINSLOT and GETKEYSINSLOT, plus READONLY, READWRITE and ASKING, so cluster clients find each key's
 * member. (KR.ADMIN, on the admin port, is {@link ClusterCommands}.)
 */
public final class RedisClusterCommands {
    private static final String G = "cluster";
    private static final String F = "loading stale";

    private RedisClusterCommands() {
    }

    public static void register(CommandRegistry r, Cluster cluster, RedisShards shards) {
        r.add(CommandSpec.container("cluster", "", G, "Describes the cluster to Redis Cluster clients.", List.of(
            of("slots", 2, F, G, "", "Returns the slot ranges and their primaries.",
                new ClusterSlotsHandler(cluster, shards)),
            of("shards", 2, F, G, "", "Returns the shards: slot ranges and nodes.",
                new ClusterShardsHandler(cluster, shards)),
            of("nodes", 2, F, G, "", "Returns the nodes in Redis's CLUSTER NODES format.",
                new ClusterNodesHandler(cluster, shards)),
            of("myid", 2, F, G, "", "Returns this node's id (the member id).", new ClusterMyIdHandler(cluster)),
            of("keyslot", 3, F, G, "key", "Returns the hash slot of a key.", new ClusterKeySlotHandler()),
            of("info", 2, F, G, "", "Returns the cluster's state.", new ClusterInfoHandler(cluster, shards)),
            of("countkeysinslot", 3, F, G, "slot", "Counts the keys of a slot on this node.",
                new ClusterCountKeysInSlotHandler(shards)),
            of("getkeysinslot", 4, F, G, "slot count", "Returns keys of a slot on this node.",
                new ClusterGetKeysInSlotHandler(shards)))));
        ClientModeHandler mode = new ClientModeHandler();
        r.add(of("readonly", 1, "fast loading stale", G, "", "Accepted; reads are served by primaries only.", mode));
        r.add(of("readwrite", 1, "fast loading stale", G, "", "Accepted; the default mode.", mode));
        r.add(of("asking", 1, "fast", G, "", "Accepted; there are no slot migrations.", mode));
    }
}
