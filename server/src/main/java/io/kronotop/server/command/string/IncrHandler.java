package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.error.RespError;
import io.kronotop.server.redis.StringStore;

/** INCR, DECR, INCRBY, DECRBY: {@code sign} is 1 or -1; the amount is 1 or argument 2. */
final class IncrHandler implements KeyspaceHandler {
    private final int sign;
    private final boolean withAmount;

    IncrHandler(int sign, boolean withAmount) {
        this.sign = sign;
        this.withAmount = withAmount;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long amount = 1;
        if (withAmount) {
            long[] p = new long[1];
            if (!args.tryParseLong(2, p, 0)) {
                reply.error(RespError.NOT_AN_INTEGER);
                return;
            }
            amount = p[0];
            if (sign < 0 && amount == Long.MIN_VALUE) {
                reply.error("ERR decrement would overflow");
                return;
            }
        }
        reply.integer(StringStore.incrBy(ctx.shard(), args.bytes(1), sign * amount, ctx.nowMs()));
    }
}
