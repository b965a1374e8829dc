package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.error.RespError;

import java.nio.charset.StandardCharsets;

/** EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT key time [NX | XX | GT | LT], with Redis's checks and order. */
final class ExpireHandler implements KeyspaceHandler {
    private static final byte[] NX = "NX".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] XX = "XX".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GT = "GT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LT = "LT".getBytes(StandardCharsets.US_ASCII);

    private final boolean seconds;
    private final boolean relative;
    private final String name;

    ExpireHandler(String name, boolean seconds, boolean relative) {
        this.name = name;
        this.seconds = seconds;
        this.relative = relative;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int j = 3; j < args.count(); j++) {
            if (args.equalsIgnoreCase(j, NX)) {
                nx = true;
            } else if (args.equalsIgnoreCase(j, XX)) {
                xx = true;
            } else if (args.equalsIgnoreCase(j, GT)) {
                gt = true;
            } else if (args.equalsIgnoreCase(j, LT)) {
                lt = true;
            } else {
                reply.error("ERR Unsupported option " + args.string(j));
                return;
            }
        }
        if (nx && (xx || gt || lt)) {
            reply.error("ERR NX and XX, GT or LT options at the same time are not compatible");
            return;
        }
        if (gt && lt) {
            reply.error("ERR GT and LT options at the same time are not compatible");
            return;
        }
        long[] p = new long[1];
        if (!args.tryParseLong(2, p, 0)) {
            reply.error(RespError.NOT_AN_INTEGER);
            return;
        }
        long when = p[0];
        long base = relative ? ctx.nowMs() : 0;
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                reply.error("ERR invalid expire time in '" + name + "' command");
                return;
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - base) {
            reply.error("ERR invalid expire time in '" + name + "' command");
            return;
        }
        when += base;
        Entry e = ctx.shard().lookup(args.bytes(1), ctx.nowMs());
        if (e == null) {
            reply.integer(0);
            return;
        }
        long current = e.expireAtMs();
        if (nx && current != -1 || xx && current == -1 || gt && (current == -1 || when <= current)
            || lt && current != -1 && when >= current) {
            reply.integer(0);
            return;
        }
        if (when <= ctx.nowMs()) {
            ctx.shard().delete(e);
        } else {
            ctx.shard().expireAt(e, when);
        }
        reply.integer(1);
    }
}
