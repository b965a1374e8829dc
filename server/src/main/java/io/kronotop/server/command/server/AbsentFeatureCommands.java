package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.CommandSpec;
import io.kronotop.server.command.ServerContext;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.kronotop.server.command.CommandSpec.of;
import static io.kronotop.server.command.server.ConstantReplyHandler.Kind.EMPTY_ARRAY;
import static io.kronotop.server.command.server.ConstantReplyHandler.Kind.ERROR;
import static io.kronotop.server.command.server.ConstantReplyHandler.Kind.OK;

/**
 * Commands of Redis features this server does not have (Lua scripts and functions, modules, replication set up with
 * REPLICAOF), which clients, tools and test frameworks still send: where the feature simply holds nothing here, the
 * reply is Redis's for that state (SCRIPT FLUSH, SCRIPT EXISTS, EVALSHA, FCALL, FUNCTION DELETE, MODULE LIST,
 * REPLICAOF NO ONE); what would need the feature gets an error that says so. Client port.
 */
public final class AbsentFeatureCommands {
    private static final String G = "server";
    static final String NO_SCRIPTING = "ERR Kronotop has no scripting engine: %s is not supported";
    static final String NO_MODULES = "ERR Kronotop does not load Redis modules: MODULE %s is not supported";
    static final String NO_REPLICAOF = "ERR %s is not supported: Kronotop replicates shard volumes between cluster "
        + "members (KR.ADMIN on the administration port), not from a Redis primary";
    static final String NOT_BUSY = "NOTBUSY No scripts in execution right now.";
    static final String NO_SCRIPT = "NOSCRIPT No matching script. Please use EVAL.";
    private static final byte[] SYNC = "SYNC".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ASYNC = "ASYNC".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO = "NO".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ONE = "ONE".getBytes(StandardCharsets.US_ASCII);

    private AbsentFeatureCommands() {
    }

    private static ConstantReplyHandler error(String format, String what) {
        return new ConstantReplyHandler(ERROR, String.format(java.util.Locale.ROOT, format, what));
    }

    public static void register(CommandRegistry r) {
        String s = "scripting";
        r.add(of("eval", -3, "noscript skip_monitor", s, "script numkeys [key ...] [arg ...]",
            "Not supported: there is no scripting engine.", error(NO_SCRIPTING, "EVAL")));
        r.add(of("eval_ro", -3, "noscript skip_monitor", s, "script numkeys [key ...] [arg ...]",
            "Not supported: there is no scripting engine.", error(NO_SCRIPTING, "EVAL_RO")));
        r.add(of("evalsha", -3, "noscript skip_monitor", s, "sha1 numkeys [key ...] [arg ...]",
            "Runs a cached script; none exists, so the reply is NOSCRIPT.",
            new ConstantReplyHandler(ERROR, NO_SCRIPT)));
        r.add(of("evalsha_ro", -3, "noscript skip_monitor", s, "sha1 numkeys [key ...] [arg ...]",
            "Runs a cached script read-only; none exists, so the reply is NOSCRIPT.",
            new ConstantReplyHandler(ERROR, NO_SCRIPT)));
        r.add(of("fcall", -3, "noscript skip_monitor", s, "function numkeys [key ...] [arg ...]",
            "Calls a function; none exists.", new ConstantReplyHandler(ERROR, "ERR Function not found")));
        r.add(of("fcall_ro", -3, "noscript skip_monitor", s, "function numkeys [key ...] [arg ...]",
            "Calls a function read-only; none exists.", new ConstantReplyHandler(ERROR, "ERR Function not found")));
        r.add(CommandSpec.container("script", "", s, "Manages the script cache (always empty here).", List.of(
            of("flush", -2, "noscript", s, "[ASYNC | SYNC]", "Empties the script cache (it is empty).",
                AbsentFeatureCommands::scriptFlush),
            of("exists", -3, "noscript", s, "sha1 [sha1 ...]", "Tells which scripts are cached: none.",
                AbsentFeatureCommands::scriptExists),
            of("kill", 2, "noscript allow_busy", s, "", "Stops the running script: none runs.",
                new ConstantReplyHandler(ERROR, NOT_BUSY)),
            of("load", 3, "noscript", s, "script", "Not supported: there is no scripting engine.",
                error(NO_SCRIPTING, "SCRIPT LOAD")))));
        r.add(CommandSpec.container("module", "", G, "Redis modules (none can be loaded here).", List.of(
            of("list", 2, "admin noscript", G, "", "Lists the loaded modules: none.",
                new ConstantReplyHandler(EMPTY_ARRAY)),
            of("load", -3, "admin noscript", G, "path [arg ...]", "Not supported.",
                error(NO_MODULES, "LOAD")),
            of("loadex", -3, "admin noscript", G, "path [CONFIG name value ...] [ARGS arg ...]",
                "Not supported.", error(NO_MODULES, "LOADEX")),
            of("unload", 3, "admin noscript", G, "name", "Not supported.",
                error(NO_MODULES, "UNLOAD")))));
        r.add(of("replicaof", 3, "admin noscript stale", G, "host port | NO ONE",
            "NO ONE: this server is a primary already (OK); a Redis primary to follow is not supported.",
            replicaOf("REPLICAOF")));
        r.add(of("slaveof", 3, "admin noscript stale", G, "host port | NO ONE",
            "The old name of REPLICAOF.", replicaOf("SLAVEOF")));
        r.add(of("failover", -1, "admin noscript stale", G, "[TO host port [FORCE]] [ABORT] [TIMEOUT ms]",
            "Not supported: this server has no Redis replicas.", error(NO_REPLICAOF, "FAILOVER")));
        r.add(of("lolwut", -1, "readonly fast", G, "[VERSION version]", "Shows the server's version.",
            (ctx, args, reply) -> reply.verbatim("txt", "Kronotop ver. " + ServerContext.VERSION
                + " (Redis " + ServerContext.REDIS_COMPAT_VERSION + " protocol)\n")));
    }


    /** FUNCTION's subcommands beyond FLUSH and LIST: no library exists, and none can be loaded. */
    static List<CommandSpec> functionSubcommands() {
        String s = "scripting";
        return List.of(
            of("stats", 2, "noscript allow_busy", s, "", "Reports the running function (none) and the engines (none).",
                (ctx, args, reply) -> {
                    reply.mapHeader(2);
                    reply.bulk("running_script");
                    reply.nullBulk();
                    reply.bulk("engines");
                    reply.mapHeader(0);
                }),
            of("delete", 3, "write noscript", s, "library-name", "Deletes a library: none exists.",
                new ConstantReplyHandler(ERROR, "ERR Library not found")),
            of("kill", 2, "noscript allow_busy", s, "", "Stops the running function: none runs.",
                new ConstantReplyHandler(ERROR, NOT_BUSY)),
            of("load", -3, "write noscript", s, "[REPLACE] function-code",
                "Not supported: there is no scripting engine.", error(NO_SCRIPTING, "FUNCTION LOAD")));
    }

    private static void scriptFlush(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() == 2 || (args.count() == 3 && (args.equalsIgnoreCase(2, SYNC)
            || args.equalsIgnoreCase(2, ASYNC)))) {
            reply.ok();
        } else {
            reply.error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        }
    }

    private static void scriptExists(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        reply.arrayHeader(args.count() - 2);
        for (int i = 2; i < args.count(); i++) {
            reply.integer(0);
        }
    }

    private static CommandHandler replicaOf(String name) {
        return (ctx, args, reply) -> {
            if (args.equalsIgnoreCase(1, NO) && args.equalsIgnoreCase(2, ONE)) {
                reply.ok(); // already a primary: Redis answers OK as well
            } else if (args.tryParseLong(2, new long[1], 0)) {
                reply.error(String.format(java.util.Locale.ROOT, NO_REPLICAOF, name));
            } else {
                reply.error("ERR Invalid master port");
            }
        };
    }
}
