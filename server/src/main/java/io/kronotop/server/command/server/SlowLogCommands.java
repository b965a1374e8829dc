package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.metrics.SlowLog;

/** SLOWLOG GET [count], SLOWLOG LEN and SLOWLOG RESET over the server's {@link SlowLog}. */
final class SlowLogCommands {
    private static final long DEFAULT_COUNT = 10;

    private SlowLogCommands() {
    }

    /** The newest entries (10, or {@code count}; -1: all), each [id, time, microseconds, args, client, name]. */
    static CommandHandler get() {
        return (ctx, args, reply) -> {
            if (args.count() > 3) {
                reply.error("ERR unknown subcommand or wrong number of arguments for '" + args.string(1)
                    + "'. Try SLOWLOG HELP.");
                return;
            }
            long count = DEFAULT_COUNT;
            if (args.count() == 3) {
                long[] parsed = new long[1];
                if (!args.tryParseLong(2, parsed, 0) || parsed[0] < -1) {
                    reply.error("ERR count should be greater than or equal to -1");
                    return;
                }
                count = parsed[0];
            }
            var entries = ctx.server().slowLog().latest(count);
            reply.arrayHeader(entries.size());
            for (SlowLog.Entry entry : entries) {
                reply.arrayHeader(6);
                reply.integer(entry.id());
                reply.integer(entry.unixSeconds());
                reply.integer(entry.micros());
                reply.arrayHeader(entry.args().size());
                for (byte[] arg : entry.args()) {
                    reply.bulk(arg);
                }
                reply.bulk(entry.client());
                reply.bulk(entry.name());
            }
        };
    }

    static CommandHandler len() {
        return (ctx, args, reply) -> reply.integer(ctx.server().slowLog().size());
    }

    static CommandHandler reset() {
        return (ctx, args, reply) -> {
            ctx.server().slowLog().reset();
            reply.ok();
        };
    }
}
