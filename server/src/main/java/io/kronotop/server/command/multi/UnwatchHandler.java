package io.kronotop.server.command.multi;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** UNWATCH: forgets the watched keys (once earlier WATCHes have registered them). */
final class UnwatchHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ctx.afterPending(w -> {
            ctx.multi().unwatchAll();
            w.ok();
        });
    }
}
