package io.kronotop.server.command.hash;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.HashStore;
import io.kronotop.server.redis.HashValue;

/** HSETNX key field value. */
final class HSetNxHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Entry e = HashStore.writable(ctx.shard(), args.bytes(1), ctx.nowMs());
        byte[] field = args.bytes(2);
        if (e != null && ((HashValue) e.value()).get(field) != null) {
            reply.integer(0);
            return;
        }
        if (e == null) {
            e = HashStore.orCreate(ctx.shard(), args.bytes(1), ctx.nowMs());
        }
        HashStore.set(ctx.shard(), e, field, args.bytes(3));
        reply.integer(1);
    }
}
