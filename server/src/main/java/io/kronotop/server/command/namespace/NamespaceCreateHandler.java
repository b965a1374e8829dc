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

/** NAMESPACE CREATE ns: creates the namespace and any missing parents, in its own transaction. */
final class NamespaceCreateHandler implements CommandHandler {
    private final Namespaces namespaces;
    private final TransactionRunner runner;

    NamespaceCreateHandler(Namespaces namespaces, TransactionRunner runner) {
        this.namespaces = namespaces;
        this.runner = runner;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        String ns = args.string(2);
        List<String> path = namespaces.path(ns);
        runner.runIsolated(ctx, reply, tr -> namespaces.layer().exists(tr, path).thenCompose(exists -> exists
                ? CompletableFuture.failedFuture(new CommandException(RespError.namespaceExists(ns)))
                : namespaces.layer().create(tr, path).thenApply(dir -> Boolean.TRUE)),
            (ok, out) -> out.ok());
    }
}
