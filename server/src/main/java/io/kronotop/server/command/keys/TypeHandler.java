package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;

/** TYPE key: string, hash, or none. */
final class TypeHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Entry e = ctx.shard().lookup(args.bytes(1), ctx.nowMs());
        reply.simpleString(e == null ? "none" : e.value().typeName());
    }
}
