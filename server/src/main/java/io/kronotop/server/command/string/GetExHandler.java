package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

/** GETEX key [EX s | PX ms | EXAT s | PXAT ms | PERSIST]. */
final class GetExHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        SetOptions o = new SetOptions().parse(args, 2, false, "getex", ctx.nowMs());
        if (o.error != null) {
            reply.error(o.error);
            return;
        }
        Entry e = ctx.shard().read(args.bytes(1), ctx.nowMs());
        if (e == null) {
            reply.nullBulk();
            return;
        }
        StringValue v = StringStore.asString(e);
        reply.bulk(v.array(), v.length());
        if (o.expires()) {
            if (o.deadlineMs <= ctx.nowMs()) {
                ctx.shard().delete(e);
            } else {
                ctx.shard().expireAt(e, o.deadlineMs);
            }
        } else if (o.has(SetOptions.PERSIST) && e.expireAtMs() >= 0) {
            ctx.shard().expireAt(e, -1);
        }
    }
}
