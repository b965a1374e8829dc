package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;

/** DEL key [key ...] and UNLINK (the same here: memory is reclaimed by the JVM in the background anyway). */
final class DelHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        int deleted = 0;
        for (int i = 1; i < args.count(); i++) {
            Entry e = ctx.shard().lookup(args.bytes(i), ctx.nowMs());
            if (e != null) {
                ctx.shard().delete(e);
                deleted++;
            }
        }
        reply.integer(deleted);
    }
}
