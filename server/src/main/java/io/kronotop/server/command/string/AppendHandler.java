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
        StringValue current = (StringValue) e.value();
        int before = current.length();
        int extra = args.length(2);
        if ((long) before + extra > StringStore.MAX_STRING_BYTES) {
            reply.error(StringStore.TOO_BIG);
            return;
        }
        // grown in place (StringValue leaves room); a plain string becomes a raw one sharing its array first
        StringValue grown = current.asRaw();
        int at = grown.extend(extra); // before array(): extending may replace it
        args.copyTo(2, grown.array(), at);
        ctx.shard().replace(e, grown);
        ctx.shard().changedRange(before, grown.length());
        reply.integer(grown.length());
    }
}
