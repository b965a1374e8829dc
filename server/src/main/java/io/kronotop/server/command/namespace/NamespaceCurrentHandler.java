package io.kronotop.server.command.namespace;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** NAMESPACE CURRENT: the session's namespace, as a simple string. */
final class NamespaceCurrentHandler implements CommandHandler {
    private final Namespaces namespaces;

    NamespaceCurrentHandler(Namespaces namespaces) {
        this.namespaces = namespaces;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        reply.simpleString(namespaces.current(ctx.session()));
    }
}
