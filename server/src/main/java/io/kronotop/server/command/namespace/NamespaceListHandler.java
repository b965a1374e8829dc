package io.kronotop.server.command.namespace;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.command.txn.TransactionRunner;
import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** NAMESPACE LIST [ns]: the child names of ns, or the top-level namespaces. */
final class NamespaceListHandler implements CommandHandler {
    private final Namespaces namespaces;
    private final TransactionRunner runner;

    NamespaceListHandler(Namespaces namespaces, TransactionRunner runner) {
        this.namespaces = namespaces;
        this.runner = runner;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() > 3) {
            reply.error(RespError.SYNTAX);
            return;
        }
        String ns = args.count() == 3 ? args.string(2) : null;
        List<String> path = ns == null ? namespaces.root() : namespaces.path(ns);
        runner.runIsolated(ctx, reply, tr -> namespaces.layer().exists(tr, path).thenCompose(exists -> {
            if (exists) {
                return namespaces.layer().list(tr, path);
            }
            if (ns == null) {
                return CompletableFuture.completedFuture(List.<String>of());
            }
            return CompletableFuture.<List<String>>failedFuture(new CommandException(RespError.noSuchNamespace(ns)));
        }), (children, out) -> {
            List<String> visible = new ArrayList<>(children.size());
            for (String child : children) {
                if (!child.equals(Namespaces.RESERVED)) {
                    visible.add(child);
                }
            }
            out.arrayHeader(visible.size());
            for (String child : visible) {
                out.simpleString(child);
            }
        });
    }
}
