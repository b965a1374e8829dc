package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.error.RespError;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

/** SETRANGE key offset value: overwrites from offset, padding with zero bytes. */
final class SetRangeHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long[] p = new long[1];
        if (!args.tryParseLong(2, p, 0)) {
            reply.error(RespError.NOT_AN_INTEGER);
            return;
        }
        long offset = p[0];
        if (offset < 0) {
            reply.error("ERR offset is out of range");
            return;
        }
        byte[] key = args.bytes(1);
        int valueLength = args.length(3);
        Entry e = StringStore.writable(ctx.shard(), key, ctx.nowMs());
        byte[] old = e == null ? new byte[0] : ((StringValue) e.value()).bytes();
        if (valueLength == 0) {
            reply.integer(old.length);
            return;
        }
        if (offset + valueLength > StringStore.MAX_STRING_BYTES) {
            reply.error(StringStore.TOO_BIG);
            return;
        }
        int length = (int) Math.max(old.length, offset + valueLength);
        // in place when the string does not grow (see StringValue), else a grown copy
        byte[] updated = e != null && length == old.length ? old : java.util.Arrays.copyOf(old, length);
        args.slice(3).getBytes(0, updated, (int) offset, valueLength);
        if (e == null) {
            ctx.shard().put(key, new StringValue(updated, true), -1, ctx.nowMs());
        } else {
            StringValue current = (StringValue) e.value();
            ctx.shard().replace(e, updated == old && current.raw() ? current : new StringValue(updated, true));
        }
        ctx.shard().changedRange(offset, offset + valueLength);
        reply.integer(updated.length);
    }
}
