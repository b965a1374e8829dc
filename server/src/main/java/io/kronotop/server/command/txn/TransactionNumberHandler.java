package io.kronotop.server.command.txn;

import com.apple.foundationdb.Transaction;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A number read from the session's open transaction, replied as an integer: GETAPPROXIMATESIZE
 * ({@link Transaction#getApproximateSize()}) and GETREADVERSION ({@link Transaction#getReadVersion()}, which
 * starts the 5 s window). Without BEGIN: the TRANSACTION error.
 */
final class TransactionNumberHandler implements CommandHandler {
    private final Function<Transaction, CompletableFuture<Long>> query;

    TransactionNumberHandler(Function<Transaction, CompletableFuture<Long>> query) {
        this.query = query;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Transaction tr = ctx.session().transaction();
        if (tr == null) {
            reply.error(RespError.NO_TRANSACTION);
            return;
        }
        CompletableFuture<Long> value;
        try {
            value = query.apply(tr);
        } catch (RuntimeException e) {
            value = CompletableFuture.failedFuture(e);
        }
        TransactionRunner.complete(ctx, reply, value, (number, out) -> out.integer(number));
    }
}
