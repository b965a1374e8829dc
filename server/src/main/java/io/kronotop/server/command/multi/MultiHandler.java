package io.kronotop.server.command.multi;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** MULTI: later commands are queued until EXEC or DISCARD. */
final class MultiHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (ctx.multi().active()) {
            reply.error("ERR MULTI calls can not be nested");
            return;
        }
        ctx.multi().begin();
        reply.ok();
    }
}
