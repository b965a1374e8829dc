package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** CLIENT GETNAME: the name, or null when none is set. */
final class ClientGetNameHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        String name = ctx.session().name();
        if (name.isEmpty()) {
            reply.nullBulk();
        } else {
            reply.bulk(name);
        }
    }
}
