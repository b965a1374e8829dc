package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.error.RespError;
import io.kronotop.server.redis.Expiry;
import io.kronotop.server.redis.StringValue;

/** SETEX key seconds value and PSETEX key milliseconds value. */
final class SetExHandler implements KeyspaceHandler {
    private final boolean seconds;
    private final String name;

    SetExHandler(boolean seconds) {
        this.seconds = seconds;
        this.name = seconds ? "setex" : "psetex";
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long[] p = new long[1];
        if (!args.tryParseLong(2, p, 0)) {
            reply.error(RespError.NOT_AN_INTEGER);
            return;
        }
        long value = p[0];
        long deadline = Expiry.deadlineMs(value, seconds, true, ctx.nowMs());
        if (deadline == Expiry.INVALID) {
            reply.error(Expiry.invalid(name));
            return;
        }
        ctx.shard().put(args.bytes(1), new StringValue(args.bytes(3)), deadline, ctx.nowMs());
        reply.ok();
    }
}
