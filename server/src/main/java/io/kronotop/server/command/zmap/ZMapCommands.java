package io.kronotop.server.command.zmap;

import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.namespace.Namespaces;
import io.kronotop.server.command.txn.TransactionRunner;

import static io.kronotop.server.command.CommandSpec.withKeys;

/** ZMap, the ordered key-value map over the metastore, client port. Every command works in the session's namespace. */
public final class ZMapCommands {
    private static final String G = "zmap";

    private ZMapCommands() {
    }

    public static void register(CommandRegistry registry, TransactionRunner runner, Namespaces namespaces) {
        ZMapContext z = new ZMapContext(runner, new ZMapStore(namespaces), namespaces);
        registry.add(withKeys("zset", 3, "write denyoom", 1, 1, 1, G, "key value", "Sets a key.", new ZSetHandler(z)));
        registry.add(withKeys("zget", 2, "readonly fast", 1, 1, 1, G, "key", "Gets a key's value.", new ZGetHandler(z)));
        registry.add(withKeys("zdel", 2, "write", 1, 1, 1, G, "key", "Clears a key.", new ZDelHandler(z)));
        registry.add(withKeys("zdelrange", 3, "write", 1, 2, 1, G, "begin end", "Clears the keys in [begin, end).",
            new ZDelRangeHandler(z)));
        registry.add(withKeys("zgetrange", -3, "readonly", 1, 2, 1, G,
            "begin end [LIMIT n] [REVERSE] [BEGIN_KEY_SELECTOR s] [END_KEY_SELECTOR s]",
            "Gets the pairs of a range.", new ZGetRangeHandler(z)));
        registry.add(withKeys("zgetrangesize", 3, "readonly", 1, 2, 1, G, "begin end",
            "Estimates the bytes stored in a range.", new ZGetRangeSizeHandler(z)));
        registry.add(withKeys("zgetkey", -2, "readonly", 1, 1, 1, G, "key [KEY_SELECTOR s]",
            "Gets the key a key selector picks.", new ZGetKeyHandler(z)));
        registry.add(withKeys("zmutate", 4, "write denyoom", 1, 1, 1, G, "key param type",
            "Runs an atomic operation on a key.", new ZMutateHandler(z)));
        registry.add(withKeys("zwatch", 2, "readonly blocking", 1, 1, 1, G, "key",
            "Waits until a key's value changes.", new ZWatchHandler(z)));
        registry.add(withKeys("zset.i64", 3, "write denyoom", 1, 1, 1, G, "key int64", "Stores a 64-bit integer.",
            new ZSetI64Handler(z)));
        registry.add(withKeys("zget.i64", 2, "readonly fast", 1, 1, 1, G, "key", "Reads a 64-bit integer.",
            new ZGetTypedHandler(z, ZType.I64)));
        registry.add(withKeys("zinc.i64", 3, "write", 1, 1, 1, G, "key delta", "Adds to a 64-bit integer atomically.",
            new ZIncI64Handler(z)));
        registry.add(withKeys("zset.f64", 3, "write denyoom", 1, 1, 1, G, "key double", "Stores a double.",
            new ZSetF64Handler(z)));
        registry.add(withKeys("zget.f64", 2, "readonly fast", 1, 1, 1, G, "key", "Reads a double.",
            new ZGetTypedHandler(z, ZType.F64)));
        registry.add(withKeys("zinc.f64", 3, "write", 1, 1, 1, G, "key delta", "Adds to a double.",
            new ZIncF64Handler(z)));
        registry.add(withKeys("zset.d128", 3, "write denyoom", 1, 1, 1, G, "key decimal", "Stores a decimal128.",
            new ZSetD128Handler(z)));
        registry.add(withKeys("zget.d128", 2, "readonly fast", 1, 1, 1, G, "key", "Reads a decimal128.",
            new ZGetTypedHandler(z, ZType.D128)));
        registry.add(withKeys("zinc.d128", 3, "write", 1, 1, 1, G, "key delta", "Adds to a decimal128.",
            new ZIncD128Handler(z)));
    }
}
