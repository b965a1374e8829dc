package io.kronotop.server.command.multi;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** DISCARD: drops the queued commands and forgets the watched keys. */
final class DiscardHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (!ctx.multi().active()) {
            reply.error("ERR DISCARD without MULTI");
            return;
        }
        ctx.multi().end();
        ctx.afterPending(w -> {
            ctx.multi().unwatchAll();
            w.ok();
        });
    }
}
