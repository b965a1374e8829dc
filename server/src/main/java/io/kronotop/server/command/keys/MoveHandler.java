package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.command.DbIndex;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/**
 * MOVE key db. There is one logical database, 0, so no move can happen: Redis's replies for a server with
 * {@code databases 1}, which never look at the key.
 */
final class MoveHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Integer db = DbIndex.read(args, 2, reply, null);
        if (db == null) {
            return;
        }
        reply.error(db != 0 ? RespError.DB_INDEX_OUT_OF_RANGE : "ERR source and destination objects are the same");
    }
}
