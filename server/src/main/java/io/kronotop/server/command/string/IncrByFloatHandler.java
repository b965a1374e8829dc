package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.StringStore;

/** INCRBYFLOAT key increment, in long double arithmetic as Redis does. */
final class IncrByFloatHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        reply.bulk(StringStore.incrByFloat(ctx.shard(), args.bytes(1), args.bytes(2), ctx.nowMs()));
    }
}
