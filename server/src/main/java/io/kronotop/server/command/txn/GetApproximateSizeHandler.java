package io.kronotop.server.command.txn;

import com.apple.foundationdb.Transaction;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.util.concurrent.CompletableFuture;

/** GETAPPROXIMATESIZE: the approximate commit size of the session's transaction, in bytes. */
final class GetApproximateSizeHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Transaction tr = ctx.session().transaction();
        if (tr == null) {
            reply.error(RespError.NO_TRANSACTION);
            return;
        }
        CompletableFuture<Long> size;
        try {
            size = tr.getApproximateSize();
        } catch (RuntimeException e) {
            size = CompletableFuture.failedFuture(e);
        }
        TransactionRunner.complete(ctx, reply, size, (bytes, out) -> out.integer(bytes));
    }
}
