package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

/** GETDEL key. */
final class GetDelHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Entry e = ctx.shard().read(args.bytes(1), ctx.nowMs());
        if (e == null) {
            reply.nullBulk();
            return;
        }
        StringValue v = StringStore.asString(e);
        ctx.shard().delete(e);
        reply.bulk(v.array(), v.length());
    }
}
