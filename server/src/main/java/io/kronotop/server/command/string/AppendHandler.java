package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

/** APPEND key value. */
final class AppendHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        byte[] key = args.bytes(1);
        Entry e = StringStore.writable(ctx.shard(), key, ctx.nowMs());
        if (e == null) {
            byte[] value = args.bytes(2);
            ctx.shard().put(key, new StringValue(value), -1, ctx.nowMs());
            reply.integer(value.length);
            return;
        }
        byte[] old = ((StringValue) e.value()).bytes();
        int extra = args.length(2);
        if ((long) old.length + extra > StringStore.MAX_STRING_BYTES) {
            reply.error(StringStore.TOO_BIG);
            return;
        }
        byte[] updated = java.util.Arrays.copyOf(old, old.length + extra);
        args.slice(2).getBytes(0, updated, old.length, extra);
        ctx.shard().replace(e, new StringValue(updated, true));
        ctx.shard().changedRange(old.length, updated.length);
        reply.integer(updated.length);
    }
}
