package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Bits;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

/**
 * SETBIT key offset 0|1: the bit's old value. The string grows with zero bytes to reach the offset, and is created
 * when missing (even to clear a bit). Keeps the key's expiry; counts as a change for WATCH even when the bit already
 * had that value, as in Redis. The bit is changed in place; a string that grows keeps room for more (see
 * {@link StringValue#growTo}).
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
        int needed = (int) (offset >>> 3) + 1;
        long at = offset >>> 3;
        if (e == null) {
            byte[] created = new byte[needed];
            Bits.set(created, offset, (int) p[0]);
            ctx.shard().put(key, new StringValue(created, true), -1, ctx.nowMs());
            ctx.shard().changedRange(at, at + 1);
            reply.integer(0);
            return;
        }
        StringValue current = (StringValue) e.value();
        int oldLength = current.length();
        int previous = Bits.get(current.array(), offset); // past the end: the room is zeros, or past the array
        // in place, growing with room when the bit is past the end: a bitmap built at rising offsets is not copied
        // per command (see StringValue)
        StringValue updated = current.asRaw();
        updated.growTo(needed);
        Bits.set(updated.array(), offset, (int) p[0]);
        ctx.shard().replace(e, updated);
        ctx.shard().changedRange(Math.min(at, oldLength), at + 1); // the zeros between the old end and the bit too
        reply.integer(previous);
    }
}
