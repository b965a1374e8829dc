package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;

/** PERSIST key: 1 when an expiry was removed. */
final class PersistHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Entry e = ctx.shard().lookup(args.bytes(1), ctx.nowMs());
        if (e == null || e.expireAtMs() < 0) {
            reply.integer(0);
            return;
        }
        ctx.shard().expireAt(e, -1);
        reply.integer(1);
    }
}
