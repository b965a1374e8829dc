package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.error.RespError;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** COPY source destination [DB destination-db] [REPLACE]; only database 0 exists. */
final class CopyHandler implements KeyspaceHandler {
    private static final byte[] REPLACE = "REPLACE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DB = "DB".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        boolean replace = false;
        for (int j = 3; j < args.count(); j++) {
            if (args.equalsIgnoreCase(j, REPLACE)) {
                replace = true;
            } else if (args.equalsIgnoreCase(j, DB) && j + 1 < args.count()) {
                long[] p = new long[1];
                if (!args.tryParseLong(++j, p, 0)) {
                    reply.error(RespError.NOT_AN_INTEGER);
                    return;
                }
                if (p[0] != 0) {
                    reply.error(RespError.DB_INDEX_OUT_OF_RANGE);
                    return;
                }
            } else {
                reply.error(RespError.SYNTAX);
                return;
            }
        }
        byte[] source = args.bytes(1);
        byte[] target = args.bytes(2);
        if (Arrays.equals(source, target)) {
            reply.error("ERR source and destination objects are the same");
            return;
        }
        Entry e = ctx.shard().read(source, ctx.nowMs());
        if (e == null) {
            reply.integer(0);
            return;
        }
        if (ctx.shard().lookup(target, ctx.nowMs()) != null && !replace) {
            reply.integer(0);
            return;
        }
        ctx.shard().put(target, e.value().copy(), e.expireAtMs(), ctx.nowMs());
        reply.integer(1);
    }
}
