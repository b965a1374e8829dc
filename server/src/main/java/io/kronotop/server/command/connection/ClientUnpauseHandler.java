package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** CLIENT UNPAUSE: ends a CLIENT PAUSE now; the held commands run, each connection's in order. OK without one. */
final class ClientUnpauseHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ctx.server().clientPause().unpause();
        reply.ok();
    }
}
