package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandFlag;
import io.kronotop.server.command.CommandSpec;
import io.kronotop.server.protocol.ReplyWriter;

/** Writes COMMAND INFO and COMMAND DOCS entries from the specs, in Redis 7's reply shapes. */
final class CommandDescriber {
    private CommandDescriber() {
    }

    /** [name, arity, flags, first key, last key, step, acl categories, tips, key specs, subcommands]. */
    static void info(CommandSpec spec, ReplyWriter reply) {
        reply.arrayHeader(10);
        reply.bulk(spec.name());
        reply.integer(spec.arity());
        reply.setHeader(spec.flags().size());
        for (CommandFlag flag : CommandFlag.values()) {
            if (spec.has(flag)) {
                reply.simpleString(flag.redisName());
            }
        }
        reply.integer(spec.firstKey());
        reply.integer(spec.lastKey());
        reply.integer(spec.keyStep());
        reply.setHeader(1);
        reply.simpleString("@" + spec.group());
        // Tips and key specs are sets in Redis 7's reply, and so are absent subcommands (RESP3 shows '~0').
        reply.setHeader(0);
        reply.setHeader(0);
        if (spec.subcommands().isEmpty()) {
            reply.setHeader(0);
            return;
        }
        reply.arrayHeader(spec.subcommands().size());
        for (CommandSpec sub : spec.subcommands()) {
            info(sub, reply);
        }
    }

    /** The value of one COMMAND DOCS entry: summary, since, group, syntax, subcommands. */
    static void docs(CommandSpec spec, ReplyWriter reply) {
        boolean hasSubs = !spec.subcommands().isEmpty();
        reply.mapHeader(hasSubs ? 5 : 4);
        reply.bulk("summary");
        reply.bulk(spec.summary());
        reply.bulk("since");
        reply.bulk(spec.since());
        reply.bulk("group");
        reply.bulk(spec.group());
        reply.bulk("syntax");
        reply.bulk(spec.syntax());
        if (hasSubs) {
            reply.bulk("subcommands");
            reply.mapHeader(spec.subcommands().size());
            for (CommandSpec sub : spec.subcommands()) {
                reply.bulk(sub.name());
                docs(sub, reply);
            }
        }
    }
}
