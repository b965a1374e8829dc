package io.kronotop.server.command.cluster;

import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.command.txn.TransactionRunner;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/**
 * KR.ADMIN DROP-CLUSTER name [token]: without a token, replies a new one valid for a minute; with it, removes the
 * cluster's tree from the metastore. Any second-phase attempt consumes the pending token.
 */
final class DropClusterHandler implements CommandHandler {
    private final Cluster cluster;

    DropClusterHandler(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() > 4) {
            reply.error(RespError.INVALID_NUMBER_OF_PARAMETERS);
            return;
        }
        String name = args.string(2);
        if (args.count() == 3) {
            TransactionRunner.complete(ctx, reply, cluster.admin().newDropToken(name, ctx.nowMs()),
                (token, out) -> out.bulk(token));
            return;
        }
        TransactionRunner.complete(ctx, reply, cluster.admin().drop(name, args.string(3), ctx.nowMs())
            .thenCompose(outcome -> cluster.refresh().thenApply(ignored -> outcome)), (outcome, out) -> {
                switch (outcome) {
                    case DROPPED -> out.ok();
                    case NO_TOKEN -> out.error(RespError.NO_DROP_TOKEN);
                    case EXPIRED -> out.error(RespError.DROP_TOKEN_EXPIRED);
                    case INVALID -> out.error(RespError.INVALID_DROP_TOKEN);
                }
            });
    }
}
