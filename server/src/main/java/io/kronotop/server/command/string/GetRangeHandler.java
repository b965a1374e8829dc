package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.error.RespError;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

/** GETRANGE key start end, and its old name SUBSTR. */
final class GetRangeHandler implements KeyspaceHandler {
    private static final byte[] EMPTY = new byte[0];

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long[] p = new long[2];
        if (!args.tryParseLong(2, p, 0) || !args.tryParseLong(3, p, 1)) {
            reply.error(RespError.NOT_AN_INTEGER);
            return;
        }
        StringValue v = StringStore.read(ctx.shard(), args.bytes(1), ctx.nowMs());
        if (v == null) {
            reply.bulk(EMPTY);
            return;
        }
        long start = p[0];
        long end = p[1];
        long length = v.length();
        if (start < 0 && end < 0 && start > end) {
            reply.bulk(EMPTY);
            return;
        }
        if (start < 0) {
            start = length + start;
        }
        if (end < 0) {
            end = length + end;
        }
        start = Math.max(0, start);
        end = Math.max(0, end);
        if (end >= length) {
            end = length - 1;
        }
        if (start > end || length == 0) {
            reply.bulk(EMPTY);
            return;
        }
        reply.bulk(java.util.Arrays.copyOfRange(v.array(), (int) start, (int) end + 1));
    }
}
