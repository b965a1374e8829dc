package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandRegistry;

import static io.kronotop.server.command.CommandSpec.withKeys;

/** The Redis string commands, client port. Each runs on the reactor of its key's shard. */
public final class StringCommands {
    private static final String G = "string";
    private static final String B = "bitmap";

    private StringCommands() {
    }

    public static void register(CommandRegistry r) {
        r.add(withKeys("get", 2, "readonly fast", 1, 1, 1, G, "key", "Returns the string value of a key.",
            new GetHandler()));
        r.add(withKeys("set", -3, "write denyoom", 1, 1, 1, G,
            "key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | "
                + "PXAT unix-time-milliseconds | KEEPTTL]", "Sets the string value of a key.", new SetHandler()));
        r.add(withKeys("setnx", 3, "write denyoom fast", 1, 1, 1, G, "key value",
            "Sets a key only when it does not exist.", new SetNxHandler()));
        r.add(withKeys("setex", 4, "write denyoom", 1, 1, 1, G, "key seconds value",
            "Sets a key with an expiry in seconds.", new SetExHandler(true)));
        r.add(withKeys("psetex", 4, "write denyoom", 1, 1, 1, G, "key milliseconds value",
            "Sets a key with an expiry in milliseconds.", new SetExHandler(false)));
        r.add(withKeys("mget", -2, "readonly fast", 1, -1, 1, G, "key [key ...]",
            "Returns the values of keys.", new MGetHandler()));
        r.add(withKeys("mset", -3, "write denyoom", 1, -1, 2, G, "key value [key value ...]",
            "Sets several keys.", new MSetHandler(false)));
        r.add(withKeys("msetnx", -3, "write denyoom", 1, -1, 2, G, "key value [key value ...]",
            "Sets several keys only when none exists.", new MSetHandler(true)));
        r.add(withKeys("getset", 3, "write denyoom fast", 1, 1, 1, G, "key value",
            "Sets a key and returns its old value.", new GetSetHandler()));
        r.add(withKeys("getdel", 2, "write fast", 1, 1, 1, G, "key", "Returns a key's value and deletes it.",
            new GetDelHandler()));
        r.add(withKeys("getex", -2, "write fast", 1, 1, 1, G,
            "key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]",
            "Returns a key's value and changes its expiry.", new GetExHandler()));
        r.add(withKeys("getrange", 4, "readonly", 1, 1, 1, G, "key start end", "Returns a substring.",
            new GetRangeHandler()));
        r.add(withKeys("substr", 4, "readonly", 1, 1, 1, G, "key start end", "Returns a substring (old name).",
            new GetRangeHandler()));
        r.add(withKeys("setrange", 4, "write denyoom", 1, 1, 1, G, "key offset value",
            "Overwrites part of a string from an offset.", new SetRangeHandler()));
        r.add(withKeys("append", 3, "write denyoom fast", 1, 1, 1, G, "key value", "Appends to a string.",
            new AppendHandler()));
        r.add(withKeys("strlen", 2, "readonly fast", 1, 1, 1, G, "key", "Returns a string's length.",
            new StrlenHandler()));
        r.add(withKeys("incr", 2, "write denyoom fast", 1, 1, 1, G, "key", "Adds one to an integer.",
            new IncrHandler(1, false)));
        r.add(withKeys("decr", 2, "write denyoom fast", 1, 1, 1, G, "key", "Subtracts one from an integer.",
            new IncrHandler(-1, false)));
        r.add(withKeys("incrby", 3, "write denyoom fast", 1, 1, 1, G, "key increment", "Adds to an integer.",
            new IncrHandler(1, true)));
        r.add(withKeys("decrby", 3, "write denyoom fast", 1, 1, 1, G, "key decrement",
            "Subtracts from an integer.", new IncrHandler(-1, true)));
        r.add(withKeys("incrbyfloat", 3, "write denyoom fast", 1, 1, 1, G, "key increment",
            "Adds a floating-point number.", new IncrByFloatHandler()));
        r.add(withKeys("lcs", -3, "readonly", 1, 2, 1, G, "key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]",
            "Finds the longest common subsequence of two strings.", new LcsHandler()));
        registerBitmaps(r);
    }

    /** The bitmap commands, which read and write a string's bits (Redis's "bitmap" group). */
    private static void registerBitmaps(CommandRegistry r) {
        r.add(withKeys("setbit", 4, "write denyoom", 1, 1, 1, B, "key offset value",
            "Sets or clears the bit at an offset, creating the string or growing it as needed.",
            new SetBitHandler()));
        r.add(withKeys("getbit", 3, "readonly fast", 1, 1, 1, B, "key offset", "Returns the bit at an offset.",
            new GetBitHandler()));
        r.add(withKeys("bitcount", -2, "readonly", 1, 1, 1, B, "key [start end [BYTE | BIT]]",
            "Counts the set bits of a string or of a range of it.", new BitCountHandler()));
        r.add(withKeys("bitpos", -3, "readonly", 1, 1, 1, B, "key bit [start [end [BYTE | BIT]]]",
            "Finds the first bit set or clear in a string or a range of it.", new BitPosHandler()));
        r.add(withKeys("bitop", -4, "write denyoom", 2, -1, 1, B,
            "AND | OR | XOR | NOT destkey key [key ...]",
            "Stores the bitwise AND, OR, XOR or NOT of strings in a key.", new BitOpHandler()));
        r.add(withKeys("bitfield", -2, "write denyoom", 1, 1, 1, B,
            "key [GET encoding offset | [OVERFLOW WRAP | SAT | FAIL] SET encoding offset value | "
                + "[OVERFLOW WRAP | SAT | FAIL] INCRBY encoding offset increment ...]",
            "Reads, sets and increments integer fields of arbitrary width and offset in a string.",
            new BitFieldHandler(false)));
        r.add(withKeys("bitfield_ro", -2, "readonly fast", 1, 1, 1, B, "key [GET encoding offset ...]",
            "Reads integer fields of a string (BITFIELD's GET only).", new BitFieldHandler(true)));
    }
}
