package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

/** GET key. */
final class GetHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        StringValue v = StringStore.read(ctx.shard(), args.bytes(1), ctx.nowMs());
        if (v == null) {
            reply.nullBulk();
        } else {
            reply.bulk(v.bytes());
        }
    }
}
