package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** EXISTS key [key ...] (a key named twice counts twice) and TOUCH (which also refreshes the access time). */
final class ExistsHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        int found = 0;
        for (int i = 1; i < args.count(); i++) {
            if (ctx.shard().read(args.bytes(i), ctx.nowMs()) != null) {
                found++;
            }
        }
        reply.integer(found);
    }
}
