package io.kronotop.server.command.hash;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.HashStore;
import io.kronotop.server.redis.HashValue;

/** HGET key field. */
final class HGetHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        HashValue h = HashStore.read(ctx.shard(), args.bytes(1), ctx.nowMs());
        byte[] v = h == null ? null : h.get(args.bytes(2));
        if (v == null) {
            reply.nullBulk();
        } else {
            reply.bulk(v);
        }
    }
}
