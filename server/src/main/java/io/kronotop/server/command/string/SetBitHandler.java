package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Bits;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

import java.util.Arrays;

/**
 * SETBIT key offset 0|1: the bit's old value. The string grows with zero bytes to reach the offset, and is created
 * when missing (even to clear a bit). Keeps the key's expiry; counts as a change for WATCH even when the bit already
 * had that value, as in Redis. Inside the string the bit is changed in place; a string that grows is copied.
 */
final class SetBitHandler implements KeyspaceHandler {
    private static final String BAD_BIT = "ERR bit is not an integer or out of range";

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long offset = BitArgs.offset(args, 2, 0);
        if (offset < 0) {
            reply.error(Bits.BAD_OFFSET);
            return;
        }
        long[] p = new long[1];
        if (!args.tryParseLong(3, p, 0) || (p[0] & ~1L) != 0) {
            reply.error(BAD_BIT);
            return;
        }
        byte[] key = args.bytes(1);
        Entry e = StringStore.writable(ctx.shard(), key, ctx.nowMs());
        byte[] old = e == null ? null : ((StringValue) e.value()).bytes();
        int needed = (int) (offset >>> 3) + 1;
        int previous = old == null ? 0 : Bits.get(old, offset);
        if (old != null && needed <= old.length) {
            // in place: a large bitmap is not copied per command (see StringValue)
            Bits.set(old, offset, (int) p[0]);
            StringValue v = (StringValue) e.value();
            ctx.shard().replace(e, v.raw() ? v : new StringValue(old, true));
            ctx.shard().changedRange(offset >>> 3, (offset >>> 3) + 1);
            reply.integer(previous);
            return;
        }
        byte[] updated = old == null ? new byte[needed] : Arrays.copyOf(old, needed); // grows: needed > length
        Bits.set(updated, offset, (int) p[0]);
        if (e == null) {
            ctx.shard().put(key, new StringValue(updated, true), -1, ctx.nowMs());
        } else {
            ctx.shard().replace(e, new StringValue(updated, true));
        }
        ctx.shard().changedRange(offset >>> 3, (offset >>> 3) + 1);
        reply.integer(previous);
    }
}
