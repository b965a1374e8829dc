package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** CLIENT SETNAME name: an empty name clears it. */
final class ClientSetNameHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        String name = args.string(2);
        if (!ClientNames.valid(name)) {
            reply.error(RespError.INVALID_CLIENT_NAME);
            return;
        }
        ctx.session().name(name);
        reply.ok();
    }
}
