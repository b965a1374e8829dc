package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.CommandSpec;
import io.kronotop.server.redis.RedisShards;

import java.util.ArrayList;
import java.util.List;

import static io.kronotop.server.command.CommandSpec.of;
import static io.kronotop.server.command.server.ConstantReplyHandler.Kind.EMPTY_ARRAY;
import static io.kronotop.server.command.server.ConstantReplyHandler.Kind.ERROR;
import static io.kronotop.server.command.server.ConstantReplyHandler.Kind.OK;
import static io.kronotop.server.command.server.ConstantReplyHandler.Kind.ZERO;

/**
 * The server commands that Redis clients, tools and test frameworks send around a keyspace: FUNCTION, LATENCY,
 * SLOWLOG, SAVE, BGSAVE, BGREWRITEAOF, LASTSAVE, WAIT and DEBUG. Client port.
 */
public final class KeyspaceServerCommands {
    private static final String G = "server";
    static final String DEBUG_UNSUPPORTED =
        "ERR DEBUG is not supported by Kronotop; use INFO, MEMORY USAGE and OBJECT for introspection";

    private KeyspaceServerCommands() {
    }

    public static void register(CommandRegistry r, RedisShards shards) {
        List<CommandSpec> function = new ArrayList<>(List.of(
            of("flush", -2, "write noscript", "scripting", "[ASYNC | SYNC]", "Deletes every function (none exist).",
                new ConstantReplyHandler(OK)),
            of("list", -2, "noscript", "scripting", "[LIBRARYNAME pattern] [WITHCODE]",
                "Lists the functions (always none).", new ConstantReplyHandler(EMPTY_ARRAY))));
        function.addAll(AbsentFeatureCommands.functionSubcommands());
        r.add(CommandSpec.container("function", "", "scripting", "Manages functions (none can exist here).",
            function));
        r.add(CommandSpec.container("latency", "", G, "Latency monitor (not sampled here).", List.of(
            of("latest", 2, "admin noscript loading stale", G, "", "Returns the latest samples (none).",
                new ConstantReplyHandler(EMPTY_ARRAY)),
            of("history", 3, "admin noscript loading stale", G, "event", "Returns an event's samples (none).",
                new ConstantReplyHandler(EMPTY_ARRAY)),
            of("reset", -2, "admin noscript loading stale", G, "[event ...]", "Resets samples (none).",
                new ConstantReplyHandler(ZERO)),
            of("histogram", -2, "admin noscript loading stale", G, "[command ...]",
                "Returns the commands' latency distributions.", new LatencyHistogramHandler()),
            of("doctor", 2, "admin noscript loading stale", G, "", "Explains the latency state.",
                new LatencyDoctorHandler()),
            of("graph", 3, "admin noscript loading stale", G, "event", "Draws an event's samples (none).",
                (ctx, args, reply) -> reply.error("ERR No samples available for event '" + args.string(2) + "'")))));
        r.add(CommandSpec.container("slowlog", "", G, "The commands that took longest to run.", List.of(
            of("get", -2, "admin loading stale", G, "[count]", "Returns the newest slow log entries.",
                SlowLogCommands.get()),
            of("len", 2, "admin loading stale", G, "", "Returns the number of slow log entries.",
                SlowLogCommands.len()),
            of("reset", 2, "admin loading stale", G, "", "Clears the slow log.", SlowLogCommands.reset()))));
        r.add(of("save", 1, "admin noscript no_multi", G, "", "Makes every acknowledged write durable now.",
            SaveCommands.save(shards.saves())));
        r.add(of("bgsave", -1, "admin noscript", G, "[SCHEDULE]",
            "Makes every acknowledged write durable, in the background.", SaveCommands.bgsave(shards.saves())));
        r.add(of("bgrewriteaof", 1, "admin noscript", G, "",
            "Compacts the shards' persisted logs in the background, then vacuums their volumes.",
            (ctx, args, reply) -> {
                if (shards.rewrites().start()) {
                    reply.simpleString("Background append only file rewriting started");
                } else {
                    reply.error("ERR Background append only file rewriting already in progress");
                }
            }));
        r.add(of("lastsave", 1, "loading stale fast", G, "",
            "Returns the Unix time of the last successful save.", SaveCommands.lastsave(shards.saves())));
        r.add(of("wait", 3, "noscript", G, "numreplicas timeout",
            "Waits for replicas to acknowledge this connection's writes (there are none: answers 0).",
            new WaitHandler()));
        r.add(of("debug", -2, "admin noscript loading stale", G, "subcommand [arguments]",
            "Not supported: answers an error.", new ConstantReplyHandler(ERROR, DEBUG_UNSUPPORTED)));
    }
}
