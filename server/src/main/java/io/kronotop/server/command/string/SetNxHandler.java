package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.StringValue;

/** SETNX key value. */
final class SetNxHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        byte[] key = args.bytes(1);
        if (ctx.shard().lookup(key, ctx.nowMs()) != null) {
            reply.integer(0);
            return;
        }
        ctx.shard().put(key, new StringValue(args.bytes(2)), -1, ctx.nowMs());
        reply.integer(1);
    }
}
