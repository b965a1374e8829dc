package io.kronotop.server.command.txn;

import com.apple.foundationdb.Transaction;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.util.concurrent.CompletableFuture;

/** GETREADVERSION: the read version of the session's transaction (acquiring it starts the 5 s window). */
final class GetReadVersionHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Transaction tr = ctx.session().transaction();
        if (tr == null) {
            reply.error(RespError.NO_TRANSACTION);
            return;
        }
        CompletableFuture<Long> version;
        try {
            version = tr.getReadVersion();
        } catch (RuntimeException e) {
            version = CompletableFuture.failedFuture(e);
        }
        TransactionRunner.complete(ctx, reply, version, (v, out) -> out.integer(v));
    }
}
