package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** RESET: the connection returns to a new connection's state (RESP2, no name, re-authenticate). */
final class ResetHandler implements CommandHandler {
    private static final byte[] RESET = {'R', 'E', 'S', 'E', 'T'};

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ctx.session().reset(ctx.server().config().authRequired());
        ctx.multi().end();
        ctx.multi().unwatchAll();
        reply.protocol(2);
        reply.simpleString(RESET);
    }
}
