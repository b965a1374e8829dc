package io.kronotop.server.command.namespace;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.command.txn.TransactionRunner;
import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.util.List;

/** NAMESPACE USE ns: the session's later ZMap commands work in ns (also inside an open transaction). */
final class NamespaceUseHandler implements CommandHandler {
    private final Namespaces namespaces;
    private final TransactionRunner runner;

    NamespaceUseHandler(Namespaces namespaces, TransactionRunner runner) {
        this.namespaces = namespaces;
        this.runner = runner;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        String ns = args.string(2);
        List<String> path = namespaces.path(ns);
        runner.runIsolated(ctx, reply, tr -> namespaces.layer().exists(tr, path), (exists, out) -> {
            if (!exists) {
                out.error(RespError.noSuchNamespace(ns));
                return;
            }
            ctx.session().namespace(ns.equals(namespaces.defaultName()) ? null : ns);
            out.ok();
        });
    }
}
