package io.kronotop.server.command.namespace;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.command.txn.TransactionRunner;
import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * NAMESPACE REMOVE ns and NAMESPACE PURGE ns: drop the namespace, its children and all their data, in
 * their own transaction. The default namespace and its ancestors cannot be removed.
 */
final class NamespaceRemoveHandler implements CommandHandler {
    private final Namespaces namespaces;
    private final TransactionRunner runner;
    private final String verb;

    NamespaceRemoveHandler(Namespaces namespaces, TransactionRunner runner, String verb) {
        this.namespaces = namespaces;
        this.runner = runner;
        this.verb = verb;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        String ns = args.string(2);
        List<String> path = namespaces.path(ns);
        String dflt = namespaces.defaultName();
        if (dflt.equals(ns) || dflt.startsWith(ns + ".")) {
            reply.error(RespError.defaultNamespace(verb, dflt));
            return;
        }
        runner.runIsolated(ctx, reply, tr -> namespaces.layer().removeIfExists(tr, path).thenCompose(removed -> removed
                ? CompletableFuture.completedFuture(Boolean.TRUE)
                : CompletableFuture.failedFuture(new CommandException(RespError.noSuchNamespace(ns)))),
            (ok, out) -> {
                namespaces.invalidate();
                out.ok();
            });
    }
}
