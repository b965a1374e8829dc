package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.command.DbIndex;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** SELECT index: there is one logical database, 0. */
final class SelectHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Integer index = DbIndex.read(args, 1, reply, null);
        if (index == null) {
            return;
        }
        if (index != 0) {
            reply.error(RespError.DB_INDEX_OUT_OF_RANGE);
        } else {
            reply.ok();
        }
    }
}
