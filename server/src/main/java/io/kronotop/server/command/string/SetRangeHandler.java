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
        StringValue current = e == null ? null : (StringValue) e.value();
        int oldLength = current == null ? 0 : current.length();
        if (valueLength == 0) {
            reply.integer(oldLength);
            return;
        }
        if (offset + valueLength > StringStore.MAX_STRING_BYTES) {
            reply.error(StringStore.TOO_BIG);
            return;
        }
        int end = (int) offset + valueLength;
        if (current == null) {
            byte[] created = new byte[end];
            args.copyTo(3, created, (int) offset);
            ctx.shard().put(key, new StringValue(created, true), -1, ctx.nowMs());
            ctx.shard().changedRange(offset, end);
            reply.integer(end);
            return;
        }
        // in place, growing with room when it writes past the end (see StringValue)
        StringValue updated = current.asRaw();
        updated.growTo(end);
        args.copyTo(3, updated.array(), (int) offset);
        ctx.shard().replace(e, updated);
        ctx.shard().changedRange(Math.min(offset, oldLength), end); // the zeros between the old end and offset too
        reply.integer(updated.length());
    }
}
