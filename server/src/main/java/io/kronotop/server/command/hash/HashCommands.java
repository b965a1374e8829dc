package io.kronotop.server.command.hash;

import io.kronotop.server.command.CommandRegistry;

import static io.kronotop.server.command.CommandSpec.withKeys;

/** The Redis hash commands, client port. Each runs on the reactor of its key's shard. */
public final class HashCommands {
    private static final String G = "hash";

    private HashCommands() {
    }

    public static void register(CommandRegistry r) {
        r.add(withKeys("hset", -4, "write denyoom fast", 1, 1, 1, G, "key field value [field value ...]",
            "Sets fields of a hash.", new HSetHandler(false)));
        r.add(withKeys("hmset", -4, "write denyoom fast", 1, 1, 1, G, "key field value [field value ...]",
            "Sets fields of a hash (old form, replies OK).", new HSetHandler(true)));
        r.add(withKeys("hsetnx", 4, "write denyoom fast", 1, 1, 1, G, "key field value",
            "Sets a field only when it does not exist.", new HSetNxHandler()));
        r.add(withKeys("hget", 3, "readonly fast", 1, 1, 1, G, "key field", "Returns a field's value.",
            new HGetHandler()));
        r.add(withKeys("hmget", -3, "readonly fast", 1, 1, 1, G, "key field [field ...]",
            "Returns the values of fields.", new HMGetHandler()));
        r.add(withKeys("hdel", -3, "write fast", 1, 1, 1, G, "key field [field ...]", "Deletes fields.",
            new HDelHandler()));
        r.add(withKeys("hlen", 2, "readonly fast", 1, 1, 1, G, "key", "Returns the number of fields.",
            new HLenHandler()));
        r.add(withKeys("hstrlen", 3, "readonly fast", 1, 1, 1, G, "key field", "Returns the length of a value.",
            new HStrlenHandler()));
        r.add(withKeys("hexists", 3, "readonly fast", 1, 1, 1, G, "key field", "Tells whether a field exists.",
            new HExistsHandler()));
        r.add(withKeys("hkeys", 2, "readonly", 1, 1, 1, G, "key", "Returns the fields.",
            new HGetAllHandler(true, false)));
        r.add(withKeys("hvals", 2, "readonly", 1, 1, 1, G, "key", "Returns the values.",
            new HGetAllHandler(false, true)));
        r.add(withKeys("hgetall", 2, "readonly", 1, 1, 1, G, "key", "Returns fields and values (a map in RESP3).",
            new HGetAllHandler(true, true)));
        r.add(withKeys("hincrby", 4, "write denyoom fast", 1, 1, 1, G, "key field increment",
            "Adds to an integer field.", new HIncrByHandler()));
        r.add(withKeys("hincrbyfloat", 4, "write denyoom fast", 1, 1, 1, G, "key field increment",
            "Adds to a floating-point field.", new HIncrByFloatHandler()));
        r.add(withKeys("hrandfield", -2, "readonly", 1, 1, 1, G, "key [count [WITHVALUES]]",
            "Returns random fields.", new HRandFieldHandler()));
        r.add(withKeys("hscan", -3, "readonly", 1, 1, 1, G, "key cursor [MATCH pattern] [COUNT count]",
            "Iterates over fields and values.", new HScanHandler()));
    }
}
