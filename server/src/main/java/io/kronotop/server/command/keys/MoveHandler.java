package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
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
        long[] parsed = new long[1];
        if (!args.tryParseLong(2, parsed, 0)) {
            reply.error(RespError.NOT_AN_INTEGER);
            return;
        }
        long db = parsed[0];
        if (db < Integer.MIN_VALUE || db > Integer.MAX_VALUE) {
            reply.error(RespError.NOT_AN_INT);
        } else if (db != 0) {
            reply.error(RespError.DB_INDEX_OUT_OF_RANGE);
        } else {
            reply.error("ERR source and destination objects are the same");
        }
    }
}
