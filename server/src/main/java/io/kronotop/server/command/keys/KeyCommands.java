package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.CommandSpec;
import io.kronotop.server.redis.RedisShards;

import java.util.List;

import static io.kronotop.server.command.CommandSpec.of;
import static io.kronotop.server.command.CommandSpec.withKeys;

/**
 * Generic keyspace commands, client port. Keyed ones run on the reactor of their keys' shard; the others
 * (SCAN, KEYS, RANDOMKEY, DBSIZE, FLUSHDB, FLUSHALL) reach every shard.
 */
public final class KeyCommands {
    private static final String G = "generic";

    private KeyCommands() {
    }

    public static void register(CommandRegistry r, RedisShards shards) {
        r.add(withKeys("del", -2, "write", 1, -1, 1, G, "key [key ...]", "Deletes keys.", new DelHandler()));
        r.add(withKeys("unlink", -2, "write fast", 1, -1, 1, G, "key [key ...]", "Deletes keys.", new DelHandler()));
        r.add(withKeys("exists", -2, "readonly fast", 1, -1, 1, G, "key [key ...]", "Counts the keys that exist.",
            new ExistsHandler()));
        r.add(withKeys("touch", -2, "readonly fast", 1, -1, 1, G, "key [key ...]",
            "Refreshes the access time of keys; counts those that exist.", new ExistsHandler()));
        r.add(withKeys("type", 2, "readonly fast", 1, 1, 1, G, "key", "Returns the type of a key's value.",
            new TypeHandler()));
        r.add(withKeys("rename", 3, "write", 1, 2, 1, G, "key newkey", "Renames a key.", new RenameHandler(false)));
        r.add(withKeys("renamenx", 3, "write fast", 1, 2, 1, G, "key newkey",
            "Renames a key when the new name is free.", new RenameHandler(true)));
        r.add(withKeys("expire", -3, "write fast", 1, 1, 1, G, "key seconds [NX | XX | GT | LT]",
            "Sets a key's time to live in seconds.", new ExpireHandler("expire", true, true)));
        r.add(withKeys("pexpire", -3, "write fast", 1, 1, 1, G, "key milliseconds [NX | XX | GT | LT]",
            "Sets a key's time to live in milliseconds.", new ExpireHandler("pexpire", false, true)));
        r.add(withKeys("expireat", -3, "write fast", 1, 1, 1, G, "key unix-time-seconds [NX | XX | GT | LT]",
            "Sets a key's expiry as a Unix time in seconds.", new ExpireHandler("expireat", true, false)));
        r.add(withKeys("pexpireat", -3, "write fast", 1, 1, 1, G, "key unix-time-milliseconds [NX | XX | GT | LT]",
            "Sets a key's expiry as a Unix time in milliseconds.", new ExpireHandler("pexpireat", false, false)));
        r.add(withKeys("ttl", 2, "readonly fast", 1, 1, 1, G, "key", "Returns the time to live in seconds.",
            new TtlHandler(false, false)));
        r.add(withKeys("pttl", 2, "readonly fast", 1, 1, 1, G, "key", "Returns the time to live in milliseconds.",
            new TtlHandler(true, false)));
        r.add(withKeys("expiretime", 2, "readonly fast", 1, 1, 1, G, "key",
            "Returns the expiry as a Unix time in seconds.", new TtlHandler(false, true)));
        r.add(withKeys("pexpiretime", 2, "readonly fast", 1, 1, 1, G, "key",
            "Returns the expiry as a Unix time in milliseconds.", new TtlHandler(true, true)));
        r.add(withKeys("persist", 2, "write fast", 1, 1, 1, G, "key", "Removes a key's expiry.",
            new PersistHandler()));
        r.add(of("scan", -2, "readonly", G, "cursor [MATCH pattern] [COUNT count] [TYPE type]",
            "Iterates over the keys.", new ScanHandler(shards)));
        r.add(of("keys", 2, "readonly", G, "pattern", "Returns every key matching a pattern.",
            new KeysHandler(shards)));
        r.add(of("randomkey", 1, "readonly", G, "", "Returns a random key.", new RandomKeyHandler(shards)));
        r.add(of("dbsize", 1, "readonly fast", G, "", "Returns the number of keys.", new DbSizeHandler(shards)));
        r.add(of("flushdb", -1, "write", G, "[ASYNC | SYNC]", "Deletes every key.", new FlushHandler(shards)));
        r.add(of("flushall", -1, "write", G, "[ASYNC | SYNC]", "Deletes every key.", new FlushHandler(shards)));
        r.add(withKeys("move", 3, "write fast", 1, 1, 1, G, "key db",
            "Moves a key to another database; only database 0 exists.", new MoveHandler()));
        r.add(of("swapdb", 3, "write fast", "server", "index1 index2",
            "Swaps two databases; only database 0 exists.", new SwapDbHandler()));
        r.add(withKeys("copy", -3, "write denyoom", 1, 2, 1, G, "source destination [DB destination-db] [REPLACE]",
            "Copies a key's value to another key.", new CopyHandler()));
        r.add(withKeys("dump", 2, "readonly", 1, 1, 1, G, "key",
            "Serializes a key's value (Kronotop's own checksummed format).", new DumpHandler()));
        r.add(withKeys("restore", -4, "write denyoom", 1, 1, 1, G,
            "key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]",
            "Creates a key from a DUMP payload.", new RestoreHandler()));
        r.add(CommandSpec.container("object", "", G, "Inspects the internals of values.", List.of(
            withKeys("encoding", 3, "readonly", 2, 2, 1, G, "key", "Returns the internal encoding.",
                new ObjectHandler(ObjectHandler.What.ENCODING)),
            withKeys("refcount", 3, "readonly", 2, 2, 1, G, "key", "Returns the reference count.",
                new ObjectHandler(ObjectHandler.What.REFCOUNT)),
            withKeys("idletime", 3, "readonly", 2, 2, 1, G, "key", "Returns the seconds since the last access.",
                new ObjectHandler(ObjectHandler.What.IDLETIME)),
            withKeys("freq", 3, "readonly", 2, 2, 1, G, "key", "Returns the access frequency (LFU only).",
                new ObjectHandler(ObjectHandler.What.FREQ)))));
        r.add(CommandSpec.container("memory", "", "server", "Reports memory use.", List.of(
            withKeys("usage", -3, "readonly", 2, 2, 1, "server", "key [SAMPLES count]",
                "Estimates the bytes a key and its value use.", new MemoryUsageHandler()),
            of("stats", 2, "", "server", "", "Reports the server's memory use.", MemoryReport.stats()),
            of("doctor", 2, "", "server", "", "Says what in the memory use needs attention.",
                MemoryReport.doctor()),
            of("malloc-stats", 2, "", "server", "", "Allocator statistics (none: the JVM allocates).",
                (ctx, args, reply) -> reply.bulk("Stats not supported for the current allocator")),
            of("purge", 2, "", "server", "", "Asks the allocator to return memory (the JVM's own business).",
                (ctx, args, reply) -> reply.ok()))));
    }
}
