package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.CommandSpec;

import java.util.List;

import static io.kronotop.server.command.CommandSpec.of;

/** KR.ADMIN, cluster administration, served on the admin port only. */
public final class ClusterCommands {
    private static final String G = "cluster";
    private static final String F = "admin loading stale";

    private ClusterCommands() {
    }

    public static void register(CommandRegistry registry, Cluster cluster) {
        registry.add(CommandSpec.container("kr.admin", "admin", G, "Administers the cluster.", List.of(
            of("initialize-cluster", 2, F, G, "", "Creates the cluster's layout in the metastore.",
                new InitializeClusterHandler(cluster)),
            of("describe-cluster", 2, F, G, "", "Describes every shard and its route.",
                new DescribeClusterHandler(cluster)),
            of("describe-shard", -2, F, G, "REDIS|BUCKET shard-id", "Describes one shard.",
                new DescribeShardHandler(cluster)),
            of("describe-member", 2, F, G, "", "Describes this member.", new DescribeMemberHandler(cluster)),
            of("list-members", 2, F, G, "", "Lists every registered member.", new ListMembersHandler(cluster)),
            of("find-member", -2, F, G, "member-id", "Describes one member.", new FindMemberHandler(cluster)),
            of("list-silent-members", 2, F, G, "", "Lists the members this member considers silent.",
                new ListSilentMembersHandler(cluster)),
            of("set-member-status", 4, F, G, "member-id RUNNING|UNAVAILABLE|STOPPED|UNKNOWN",
                "Sets a member's registered status.", new SetMemberStatusHandler(cluster)),
            of("remove-member", 3, F, G, "member-id", "Unregisters a member that is not RUNNING.",
                new RemoveMemberHandler(cluster)),
            of("route", 7, F, G, "SET|UNSET PRIMARY|STANDBY REDIS|BUCKET shard-id|* member-id",
                "Assigns or removes a shard's primary or standby.", new RouteHandler(cluster)),
            of("set-shard-status", 5, F, G, "REDIS|BUCKET shard-id|* READWRITE|READONLY|INOPERABLE",
                "Sets what shards accept.", new SetShardStatusHandler(cluster)),
            of("drop-cluster", -3, F, G, "cluster-name [token]",
                "Removes the cluster from the metastore, in two steps.", new DropClusterHandler(cluster)))));
    }
}
