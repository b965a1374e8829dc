package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.command.DbIndex;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** SWAPDB index1 index2. There is one logical database, 0: swapping it with itself is OK and changes nothing. */
final class SwapDbHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Integer first = DbIndex.read(args, 1, reply, "ERR invalid first DB index");
        if (first == null) {
            return;
        }
        Integer second = DbIndex.read(args, 2, reply, "ERR invalid second DB index");
        if (second == null) {
            return;
        }
        if (first != 0 || second != 0) {
            reply.error(RespError.DB_INDEX_OUT_OF_RANGE);
        } else {
            reply.ok();
        }
    }
}
