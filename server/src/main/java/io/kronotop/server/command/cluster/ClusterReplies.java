package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.cluster.ClusterState;
import io.kronotop.server.cluster.Member;
import io.kronotop.server.cluster.ShardKind;
import io.kronotop.server.cluster.ShardRoute;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.txn.TransactionRunner;
import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** Reply shapes and completion helpers shared by the KR.ADMIN handlers. */
final class ClusterReplies {
    private ClusterReplies() {
    }

    /** Replies OK once {@code change} committed and this member's routing table has caught up with it. */
    static void okAfterReload(CommandContext ctx, ReplyWriter reply, Cluster cluster, CompletableFuture<?> change) {
        TransactionRunner.complete(ctx, reply, change.thenCompose(ignored -> cluster.refresh()),
            (ignored, out) -> out.ok());
    }

    /** Reads the cluster state now; {@code writer} runs with it when the cluster is initialised. */
    static void withState(CommandContext ctx, ReplyWriter reply, Cluster cluster,
                          BiConsumer<ClusterState, ReplyWriter> writer) {
        CompletableFuture<ClusterState> state = cluster.readState().thenApply(s -> {
            if (!s.table().initialized()) {
                throw new CommandException(RespError.CLUSTER_NOT_INITIALIZED);
            }
            return s;
        });
        TransactionRunner.complete(ctx, reply, state, writer::accept);
    }

    /** The fields of a member after its id: status, process id, addresses, heartbeat counter. */
    static void memberFields(ReplyWriter reply, Member member, long heartbeat) {
        reply.bulk("status");
        reply.bulk(member.status().name());
        reply.bulk("process_id");
        reply.bulk(member.processId());
        reply.bulk("external_host");
        reply.bulk(member.externalHost());
        reply.bulk("external_port");
        reply.integer(member.externalPort());
        reply.bulk("internal_host");
        reply.bulk(member.internalHost());
        reply.bulk("internal_port");
        reply.integer(member.internalPort());
        reply.bulk("latest_heartbeat");
        reply.integer(heartbeat);
    }

    static final int MEMBER_FIELDS = 7;

    /** {@code {primary, standbys, status, linked_volumes}}; an unassigned primary is an empty string. */
    static void shard(ReplyWriter reply, ShardKind kind, int id, ShardRoute route) {
        reply.mapHeader(4);
        reply.bulk("primary");
        reply.bulk(route.primary() == null ? "" : route.primary());
        reply.bulk("standbys");
        reply.arrayHeader(route.standbys().size());
        for (String standby : route.standbys()) {
            reply.bulk(standby);
        }
        reply.bulk("status");
        reply.bulk(route.status().name());
        reply.bulk("linked_volumes");
        reply.arrayHeader(1);
        reply.bulk(kind.volumeName(id));
    }
}
