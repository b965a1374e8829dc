package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.CommandSpec;

import java.util.List;

import static io.kronotop.server.command.CommandSpec.of;

/** Server introspection commands and SHUTDOWN, served on both ports. */
public final class ServerCommands {
    private static final String G = "server";

    private ServerCommands() {
    }

    public static void register(CommandRegistry registry) {
        registry.add(of("info", -1, "loading stale", G, "[section [section ...]]",
            "Returns information and statistics about the server.", new InfoHandler()));
        registry.add(of("command", -1, "loading stale", G, "[COUNT | INFO | DOCS | LIST | GETKEYS ...]",
            "Describes the commands this port serves.", new CommandHandlerImpl()));
        registry.add(of("role", 1, "noscript loading stale fast", G, "",
            "Returns the replication role: a primary without Redis replicas (see INFO replication).",
            (ctx, args, reply) -> {
                reply.arrayHeader(3);
                reply.bulk("master");
                reply.integer(0);
                reply.arrayHeader(0);
            }));
        registry.add(of("monitor", 1, "admin noscript loading stale", G, "",
            "Streams every command the server runs to this connection (as Redis's MONITOR), until RESET.",
            new MonitorHandler()));
        registry.add(of("shutdown", -1, "admin noscript loading stale no_multi allow_busy", G,
            "[NOSAVE | SAVE] [NOW] [FORCE] [ABORT]",
            "Stops the server gracefully: every acknowledged write is made durable first.", new ShutdownHandler()));
        registry.add(CommandSpec.container("config", "", G, "Reads server configuration and resets statistics.",
            List.of(
                of("get", -3, "admin noscript loading stale", G, "parameter [parameter ...]",
                    "Returns the values of configuration parameters matching the patterns.",
                    new ConfigGetHandler()),
                of("set", -4, "admin noscript loading stale", G, "parameter value [parameter value ...]",
                    "Changes configuration parameters at run time (none is changeable yet).",
                    new ConfigSetHandler()),
                of("resetstat", 2, "admin noscript loading stale", G, "",
                    "Resets the statistics INFO reports.", new ConfigResetStatHandler()))));
    }
}
