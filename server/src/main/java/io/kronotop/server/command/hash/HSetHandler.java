package io.kronotop.server.command.hash;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.HashStore;
import io.kronotop.server.error.RespError;

/** HSET key field value [field value ...] (the number of new fields) and HMSET (OK). */
final class HSetHandler implements KeyspaceHandler {
    private final boolean legacy;

    HSetHandler(boolean legacy) {
        this.legacy = legacy;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() % 2 != 0) {
            reply.error(RespError.wrongArity(legacy ? "hmset" : "hset"));
            return;
        }
        Entry e = HashStore.orCreate(ctx.shard(), args.bytes(1), ctx.nowMs());
        int created = 0;
        for (int i = 2; i < args.count(); i += 2) {
            if (HashStore.set(ctx.shard(), e, args.bytes(i), args.bytes(i + 1))) {
                created++;
            }
        }
        if (legacy) {
            reply.ok();
        } else {
            reply.integer(created);
        }
    }
}
