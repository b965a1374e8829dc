package io.kronotop.server.command.namespace;

import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.CommandSpec;
import io.kronotop.server.command.txn.TransactionRunner;

import java.util.List;

import static io.kronotop.server.command.CommandSpec.of;

/** NAMESPACE and its subcommands, client port. */
public final class NamespaceCommands {
    private static final String G = "namespaces";

    private NamespaceCommands() {
    }

    public static void register(CommandRegistry registry, Namespaces namespaces, TransactionRunner runner) {
        registry.add(CommandSpec.container("namespace", "", G, "Creates, lists, uses and removes namespaces.", List.of(
            of("create", 3, "write", G, "namespace", "Creates a namespace and its missing parents.",
                new NamespaceCreateHandler(namespaces, runner)),
            of("remove", 3, "write", G, "namespace", "Removes a namespace, its children and their data.",
                new NamespaceRemoveHandler(namespaces, runner, "remove")),
            of("purge", 3, "write", G, "namespace", "Removes a namespace, its children and their data.",
                new NamespaceRemoveHandler(namespaces, runner, "purge")),
            of("move", 4, "write", G, "old-namespace new-namespace", "Moves a namespace to a new name.",
                new NamespaceMoveHandler(namespaces, runner)),
            of("use", 3, "fast", G, "namespace", "Makes the session work in a namespace.",
                new NamespaceUseHandler(namespaces, runner)),
            of("current", 2, "fast", G, "", "Returns the session's namespace.",
                new NamespaceCurrentHandler(namespaces)),
            of("exists", 3, "readonly", G, "namespace", "Returns 1 when the namespace exists, else 0.",
                new NamespaceExistsHandler(namespaces, runner)),
            of("list", -2, "readonly", G, "[namespace]", "Lists the children of a namespace, or the top level.",
                new NamespaceListHandler(namespaces, runner)))));
    }
}
