package io.kronotop.server.command.multi;

import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.redis.RedisShards;

import static io.kronotop.server.command.CommandSpec.of;
import static io.kronotop.server.command.CommandSpec.withKeys;

/** MULTI / EXEC / DISCARD / WATCH / UNWATCH, client port. The dispatcher does the queueing. */
public final class MultiCommands {
    private static final String G = "transactions";

    private MultiCommands() {
    }

    public static void register(CommandRegistry r, RedisShards shards) {
        r.add(of("multi", 1, "noscript loading stale fast allow_busy", G, "", "Starts a transaction.",
            new MultiHandler()));
        r.add(of("exec", 1, "noscript loading stale skip_slowlog", G, "", "Runs the queued commands atomically.",
            new ExecHandler()));
        r.add(of("discard", 1, "noscript loading stale fast allow_busy", G, "", "Drops the queued commands.",
            new DiscardHandler()));
        r.add(withKeys("watch", -2, "noscript loading stale fast allow_busy", 1, -1, 1, G, "key [key ...]",
            "Makes EXEC fail when one of the keys changes first.", new WatchHandler(shards)));
        r.add(of("unwatch", 1, "noscript loading stale fast allow_busy", G, "", "Forgets the watched keys.",
            new UnwatchHandler()));
    }
}
