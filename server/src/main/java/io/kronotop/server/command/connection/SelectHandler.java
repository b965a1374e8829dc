package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** SELECT index: there is one logical database, 0. */
final class SelectHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long[] parsed = new long[1];
        if (!args.tryParseLong(1, parsed, 0)) {
            reply.error(RespError.NOT_AN_INTEGER);
            return;
        }
        long index = parsed[0];
        if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
            reply.error(RespError.NOT_AN_INT); // Redis reads a database index as an int
        } else if (index != 0) {
            reply.error(RespError.DB_INDEX_OUT_OF_RANGE);
        } else {
            reply.ok();
        }
    }
}
