package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.cluster.ShardKind;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** KR.ADMIN ROUTE SET|UNSET PRIMARY|STANDBY kind shard-id|* member-id: changes routes, all-or-nothing. */
final class RouteHandler implements CommandHandler {
    private static final byte[] SET = "SET".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNSET = "UNSET".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRIMARY = "PRIMARY".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STANDBY = "STANDBY".getBytes(StandardCharsets.US_ASCII);

    private final Cluster cluster;

    RouteHandler(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        boolean set = args.equalsIgnoreCase(2, SET);
        if (!set && !args.equalsIgnoreCase(2, UNSET)) {
            reply.error(RespError.invalidOperationKind(args.string(2)));
            return;
        }
        boolean primary = args.equalsIgnoreCase(3, PRIMARY);
        if (!primary && !args.equalsIgnoreCase(3, STANDBY)) {
            reply.error(RespError.invalidRouteKind(args.string(3)));
            return;
        }
        ShardKind kind = ShardKind.parse(args.string(4));
        if (kind == null) {
            reply.error(RespError.INVALID_SHARD_KIND);
            return;
        }
        if (!set && primary) {
            reply.error(RespError.UNSET_PRIMARY);
            return;
        }
        String shards = args.string(5);
        String member = args.string(6);
        CompletableFuture<Void> change;
        if (primary) {
            change = cluster.routes().setPrimary(kind, shards, member);
        } else if (set) {
            change = cluster.routes().setStandby(kind, shards, member);
        } else {
            change = cluster.routes().unsetStandby(kind, shards, member);
        }
        ClusterReplies.okAfterReload(ctx, reply, cluster, change);
    }
}
