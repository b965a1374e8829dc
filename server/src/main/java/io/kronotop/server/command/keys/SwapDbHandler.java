package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** SWAPDB index1 index2. There is one logical database, 0: swapping it with itself is OK and changes nothing. */
final class SwapDbHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long first = args.parseLongOr(1, Long.MIN_VALUE);
        if (first < Integer.MIN_VALUE || first > Integer.MAX_VALUE) {
            reply.error("ERR invalid first DB index");
            return;
        }
        long second = args.parseLongOr(2, Long.MIN_VALUE);
        if (second < Integer.MIN_VALUE || second > Integer.MAX_VALUE) {
            reply.error("ERR invalid second DB index");
            return;
        }
        if (first != 0 || second != 0) {
            reply.error(RespError.DB_INDEX_OUT_OF_RANGE);
            return;
        }
        reply.ok();
    }
}
