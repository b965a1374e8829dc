package io.kronotop.server.command.namespace;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.command.txn.TransactionRunner;
import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.util.List;

/** NAMESPACE EXISTS ns: 1 when the namespace exists, else 0. */
final class NamespaceExistsHandler implements CommandHandler {
    private final Namespaces namespaces;
    private final TransactionRunner runner;

    NamespaceExistsHandler(Namespaces namespaces, TransactionRunner runner) {
        this.namespaces = namespaces;
        this.runner = runner;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        List<String> path = namespaces.path(args.string(2));
        runner.runIsolated(ctx, reply, tr -> namespaces.layer().exists(tr, path), (exists, out) -> out.integer(exists ? 1 : 0));
    }
}
