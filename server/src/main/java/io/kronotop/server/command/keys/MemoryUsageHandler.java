package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.error.RespError;

import java.nio.charset.StandardCharsets;

/** MEMORY USAGE key [SAMPLES count]: the estimated bytes of the key and its value, or null. */
final class MemoryUsageHandler implements KeyspaceHandler {
    private static final byte[] SAMPLES = "SAMPLES".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        for (int j = 3; j < args.count(); j++) {
            long[] p = new long[1];
            if (args.equalsIgnoreCase(j, SAMPLES) && j + 1 < args.count()) {
                if (!args.tryParseLong(++j, p, 0)) {
                    reply.error(RespError.NOT_AN_INTEGER);
                    return;
                }
            } else {
                reply.error(RespError.SYNTAX);
                return;
            }
        }
        Entry e = ctx.shard().lookup(args.bytes(2), ctx.nowMs());
        if (e == null) {
            reply.nullBulk();
        } else {
            reply.integer(e.memoryUsage());
        }
    }
}
