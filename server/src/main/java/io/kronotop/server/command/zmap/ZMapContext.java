package io.kronotop.server.command.zmap;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.namespace.Namespaces;
import io.kronotop.server.command.txn.TransactionRunner;

/** What every ZMap handler uses: the transaction runner, the store and the session's namespace. */
record ZMapContext(TransactionRunner runner, ZMapStore store, Namespaces namespaces) {
    /** The namespace of the session running the command; read on the reactor, before any future. */
    String namespace(CommandContext ctx) {
        return namespaces.current(ctx.session());
    }
}
