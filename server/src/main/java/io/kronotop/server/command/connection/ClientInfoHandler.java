package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** CLIENT INFO: this connection's CLIENT LIST line. */
final class ClientInfoHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        var self = ctx.server().clients().find(ctx.session().id());
        if (self == null) {
            reply.error(RespError.NO_SUCH_CLIENT);
            return;
        }
        reply.verbatim("txt", ClientLines.line(self, ctx.nowMs()));
    }
}
