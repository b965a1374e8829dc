package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;

/** TTL, PTTL, EXPIRETIME, PEXPIRETIME key: -2 when missing, -1 without expiry. */
final class TtlHandler implements KeyspaceHandler {
    private final boolean milliseconds;
    private final boolean absolute;

    TtlHandler(boolean milliseconds, boolean absolute) {
        this.milliseconds = milliseconds;
        this.absolute = absolute;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Entry e = ctx.shard().read(args.bytes(1), ctx.nowMs());
        if (e == null) {
            reply.integer(-2);
            return;
        }
        long at = e.expireAtMs();
        if (at < 0) {
            reply.integer(-1);
            return;
        }
        if (absolute) {
            reply.integer(milliseconds ? at : (at + 500) / 1000);
            return;
        }
        long ttl = Math.max(0, at - ctx.nowMs());
        reply.integer(milliseconds ? ttl : (ttl + 500) / 1000);
    }
}
