package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** AUTH [username] password. */
final class AuthHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() > 3) {
            reply.error(RespError.SYNTAX);
            return;
        }
        if (args.count() == 2 && !ctx.server().config().authRequired()) {
            reply.error(RespError.AUTH_NOT_CONFIGURED);
            return;
        }
        String user = args.count() == 3 ? args.string(1) : "default";
        if (Authenticator.check(ctx.server().config(), user, args.bytes(args.count() - 1))) {
            ctx.session().authenticated(true);
            reply.ok();
        } else {
            reply.error(RespError.WRONGPASS);
        }
    }
}
