package io.kronotop.server.command.txn;

import com.apple.foundationdb.Database;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.session.Session;

/** BEGIN: opens the session's transaction; later commands share it until COMMIT or ROLLBACK. */
final class BeginHandler implements CommandHandler {
    private final Database db;

    BeginHandler(Database db) {
        this.db = db;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Session session = ctx.session();
        if (session.transaction() != null) {
            reply.error(RespError.TRANSACTION_IN_PROGRESS);
            return;
        }
        try {
            session.transaction(db.createTransaction());
        } catch (RuntimeException e) {
            TransactionRunner.fail(e, reply);
            return;
        }
        reply.ok();
    }
}
