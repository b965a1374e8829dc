package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.StringValue;

/** MGET key [key ...]: a key that is missing or not a string gives null. */
final class MGetHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        reply.arrayHeader(args.count() - 1);
        for (int i = 1; i < args.count(); i++) {
            Entry e = ctx.shard().read(args.bytes(i), ctx.nowMs());
            if (e != null && e.value() instanceof StringValue s) {
                reply.bulk(s.array(), s.length());
            } else {
                reply.nullBulk();
            }
        }
    }
}
