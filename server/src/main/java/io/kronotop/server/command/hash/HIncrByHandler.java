package io.kronotop.server.command.hash;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.HashStore;
import io.kronotop.server.redis.HashValue;
import io.kronotop.server.error.RespError;
import io.kronotop.server.redis.Numbers;
import io.kronotop.server.redis.StringStore;

/** HINCRBY key field increment. */
final class HIncrByHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long[] p = new long[1];
        if (!args.tryParseLong(3, p, 0)) {
            reply.error(RespError.NOT_AN_INTEGER);
            return;
        }
        long delta = p[0];
        Entry e = HashStore.writable(ctx.shard(), args.bytes(1), ctx.nowMs());
        byte[] field = args.bytes(2);
        byte[] old = e == null ? null : ((HashValue) e.value()).get(field);
        long current = 0;
        if (old != null) {
            Long parsed = Numbers.parseLong(old);
            if (parsed == null) {
                reply.error("ERR hash value is not an integer");
                return;
            }
            current = parsed;
        }
        if (delta < 0 && current < 0 && delta < Long.MIN_VALUE - current
            || delta > 0 && current > 0 && delta > Long.MAX_VALUE - current) {
            reply.error(StringStore.OVERFLOW);
            return;
        }
        long result = current + delta;
        if (e == null) {
            e = HashStore.orCreate(ctx.shard(), args.bytes(1), ctx.nowMs());
        }
        HashStore.set(ctx.shard(), e, field, Long.toString(result).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        reply.integer(result);
    }
}
