package io.kronotop.server.command.hash;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.HashStore;
import io.kronotop.server.redis.HashValue;

/** HDEL key field [field ...]: the number removed; the key goes when its last field does. */
final class HDelHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Entry e = HashStore.writable(ctx.shard(), args.bytes(1), ctx.nowMs());
        if (e == null) {
            reply.integer(0);
            return;
        }
        int removed = 0;
        for (int i = 2; i < args.count() && ((HashValue) e.value()).size() > 0; i++) {
            if (HashStore.remove(ctx.shard(), e, args.bytes(i))) {
                removed++;
            }
        }
        reply.integer(removed);
    }
}
