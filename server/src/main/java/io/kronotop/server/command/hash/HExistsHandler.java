package io.kronotop.server.command.hash;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.HashStore;
import io.kronotop.server.redis.HashValue;

/** HEXISTS key field. */
final class HExistsHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        HashValue h = HashStore.read(ctx.shard(), args.bytes(1), ctx.nowMs());
        reply.integer(h != null && h.get(args.bytes(2)) != null ? 1 : 0);
    }
}
