package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ArgBytes;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

/** GET key. */
final class GetHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ArgBytes key = args.arg(1);
        StringValue v = StringStore.read(ctx.shard(), key.array(), key.offset(), key.length(), ctx.nowMs());
        if (v == null) {
            reply.nullBulk();
        } else {
            reply.bulk(v.array(), v.length());
        }
    }
}
