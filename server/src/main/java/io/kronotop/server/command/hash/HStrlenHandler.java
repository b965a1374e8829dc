package io.kronotop.server.command.hash;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.HashStore;
import io.kronotop.server.redis.HashValue;

/** HSTRLEN key field. */
final class HStrlenHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        HashValue h = HashStore.read(ctx.shard(), args.bytes(1), ctx.nowMs());
        byte[] v = h == null ? null : h.get(args.bytes(2));
        reply.integer(v == null ? 0 : v.length);
    }
}
