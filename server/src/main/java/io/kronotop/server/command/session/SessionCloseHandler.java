package io.kronotop.server.command.session;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.session.Session;

/**
 * SESSION.CLOSE: resets the session without closing the socket: rolls back an open transaction, restores the
 * default namespace and attributes, turns snapshot reads off and forgets the client name and authentication.
 * The RESP version is kept.
 */
final class SessionCloseHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Session session = ctx.session();
        int protocol = session.protocol();
        session.reset(ctx.server().config().authRequired());
        session.protocol(protocol);
        session.libName("");
        session.libVersion("");
        reply.ok();
    }
}
