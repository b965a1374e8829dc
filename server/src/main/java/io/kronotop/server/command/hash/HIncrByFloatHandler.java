package io.kronotop.server.command.hash;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.HashStore;
import io.kronotop.server.redis.HashValue;
import io.kronotop.server.error.CommandException;
import io.kronotop.server.redis.Numbers;
import io.kronotop.server.redis.StringStore;

/** HINCRBYFLOAT key field increment, in long double arithmetic as Redis does. */
final class HIncrByFloatHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        byte[] increment = args.bytes(3);
        boolean[] infinite = new boolean[1];
        if (Numbers.parseLongDouble(increment, infinite) == null) {
            reply.error(infinite[0] ? "ERR value is NaN or Infinity" : StringStore.NOT_FLOAT);
            return;
        }
        Entry e = HashStore.writable(ctx.shard(), args.bytes(1), ctx.nowMs());
        byte[] field = args.bytes(2);
        byte[] old = e == null ? null : ((HashValue) e.value()).get(field);
        byte[] result;
        if (old != null) {
            boolean[] oldInfinite = new boolean[1];
            if (Numbers.parseLongDouble(old, oldInfinite) == null && !oldInfinite[0]) {
                reply.error("ERR hash value is not a float");
                return;
            }
        }
        try {
            result = StringStore.addLongDouble(old == null ? new byte[] {(byte) 48} : old, increment);
        } catch (CommandException ex) {
            reply.error(ex.reply());
            return;
        }
        if (e == null) {
            e = HashStore.orCreate(ctx.shard(), args.bytes(1), ctx.nowMs());
        }
        HashStore.set(ctx.shard(), e, field, result);
        reply.bulk(result);
    }
}
