package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

/** STRLEN key. */
final class StrlenHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        StringValue v = StringStore.read(ctx.shard(), args.bytes(1), ctx.nowMs());
        reply.integer(v == null ? 0 : v.length());
    }
}
