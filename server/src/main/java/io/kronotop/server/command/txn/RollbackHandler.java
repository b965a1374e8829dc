package io.kronotop.server.command.txn;

import com.apple.foundationdb.Transaction;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ROLLBACK: cancels the session's transaction; nothing it wrote reaches the database. */
final class RollbackHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Transaction tr = ctx.session().transaction();
        if (tr == null) {
            reply.error(RespError.NO_TRANSACTION);
            return;
        }
        ctx.session().transaction(null);
        tr.cancel();
        tr.close();
        reply.ok();
    }
}
