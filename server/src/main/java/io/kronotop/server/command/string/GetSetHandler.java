package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

/** GETSET key value: SET key value GET. */
final class GetSetHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        byte[] key = args.bytes(1);
        Entry e = ctx.shard().read(key, ctx.nowMs());
        StringValue old = e == null ? null : StringStore.asString(e);
        ctx.shard().put(key, new StringValue(args.bytes(2)), -1, ctx.nowMs());
        if (old == null) {
            reply.nullBulk();
        } else {
            reply.bulk(old.array(), old.length());
        }
    }
}
