package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.error.RespError;
import io.kronotop.server.redis.StringValue;

/** MSET key value [key value ...] and MSETNX (all or nothing: 0 when any key exists). */
final class MSetHandler implements KeyspaceHandler {
    private final boolean onlyNew;
    private final String name;

    MSetHandler(boolean onlyNew) {
        this.onlyNew = onlyNew;
        this.name = onlyNew ? "msetnx" : "mset";
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() % 2 == 0) {
            reply.error(RespError.wrongArity(name));
            return;
        }
        if (onlyNew) {
            for (int i = 1; i < args.count(); i += 2) {
                if (ctx.shard().lookup(args.bytes(i), ctx.nowMs()) != null) {
                    reply.integer(0);
                    return;
                }
            }
        }
        for (int i = 1; i < args.count(); i += 2) {
            ctx.shard().put(args.bytes(i), new StringValue(args.bytes(i + 1)), -1, ctx.nowMs());
        }
        if (onlyNew) {
            reply.integer(1);
        } else {
            reply.ok();
        }
    }
}
