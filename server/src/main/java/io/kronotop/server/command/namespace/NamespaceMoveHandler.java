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

/** NAMESPACE MOVE old new: moves a namespace (with its children and data) to a new name. */
final class NamespaceMoveHandler implements CommandHandler {
    private final Namespaces namespaces;
    private final TransactionRunner runner;

    NamespaceMoveHandler(Namespaces namespaces, TransactionRunner runner) {
        this.namespaces = namespaces;
        this.runner = runner;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        String from = args.string(2);
        String to = args.string(3);
        List<String> fromPath = namespaces.path(from);
        List<String> toPath = namespaces.path(to);
        String dflt = namespaces.defaultName();
        if (dflt.equals(from) || dflt.startsWith(from + ".")) {
            reply.error(RespError.defaultNamespace("move", dflt));
            return;
        }
        if (to.equals(from) || to.startsWith(from + ".")) {
            reply.error("ERR Cannot move a namespace into itself: '" + from + "'");
            return;
        }
        List<String> parent = toPath.subList(0, toPath.size() - 1);
        runner.runIsolated(ctx, reply, tr -> namespaces.layer().exists(tr, fromPath).thenCompose(fromExists -> {
            if (!fromExists) {
                return CompletableFuture.failedFuture(new CommandException(RespError.noSuchNamespace(from)));
            }
            return namespaces.layer().exists(tr, toPath);
        }).thenCompose(toExists -> {
            if (toExists) {
                return CompletableFuture.failedFuture(new CommandException(RespError.namespaceExists(to)));
            }
            return namespaces.layer().createOrOpen(tr, parent);
        }).thenCompose(p -> namespaces.layer().move(tr, fromPath, toPath)).thenApply(dir -> Boolean.TRUE),
            (ok, out) -> {
                namespaces.invalidate();
                out.ok();
            });
    }
}
