package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

import java.nio.charset.StandardCharsets;

/**
 * BITOP AND | OR | XOR | NOT destkey key [key ...]: stores the bitwise result in {@code destkey} (replacing any value
 * and expiry) and answers its length. Shorter and missing sources read as zero bytes up to the longest; when every
 * source is missing or empty, {@code destkey} is deleted.
 */
final class BitOpHandler implements KeyspaceHandler {
    private static final byte[] AND = "AND".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OR = "OR".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] XOR = "XOR".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT = "NOT".getBytes(StandardCharsets.US_ASCII);

    private enum Op { AND, OR, XOR, NOT }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Op op;
        if (args.equalsIgnoreCase(1, AND)) {
            op = Op.AND;
        } else if (args.equalsIgnoreCase(1, OR)) {
            op = Op.OR;
        } else if (args.equalsIgnoreCase(1, XOR)) {
            op = Op.XOR;
        } else if (args.equalsIgnoreCase(1, NOT)) {
            op = Op.NOT;
        } else {
            reply.error(RespError.SYNTAX);
            return;
        }
        int sources = args.count() - 3;
        if (op == Op.NOT && sources != 1) {
            reply.error("ERR BITOP NOT must be called with a single source key.");
            return;
        }
        byte[][] values = new byte[sources][];
        int longest = 0;
        for (int i = 0; i < sources; i++) {
            StringValue v = StringStore.read(ctx.shard(), args.bytes(3 + i), ctx.nowMs());
            values[i] = v == null ? new byte[0] : v.bytes();
            longest = Math.max(longest, values[i].length);
        }
        byte[] dest = args.bytes(2);
        if (longest == 0) {
            Entry e = ctx.shard().lookup(dest, ctx.nowMs());
            if (e != null) {
                ctx.shard().delete(e);
            }
            reply.integer(0);
            return;
        }
        byte[] result = new byte[longest];
        if (op == Op.NOT) {
            for (int j = 0; j < longest; j++) {
                result[j] = (byte) ~values[0][j];
            }
        } else {
            System.arraycopy(values[0], 0, result, 0, values[0].length);
            for (int i = 1; i < sources; i++) {
                combine(op, result, values[i]);
            }
        }
        ctx.shard().put(dest, new StringValue(result, true), -1, ctx.nowMs());
        reply.integer(longest);
    }

    /** {@code result = result op source}, the source padded with zeros. */
    private static void combine(Op op, byte[] result, byte[] source) {
        int n = source.length;
        switch (op) {
            case AND -> {
                for (int j = 0; j < n; j++) {
                    result[j] &= source[j];
                }
                java.util.Arrays.fill(result, n, result.length, (byte) 0);
            }
            case OR -> {
                for (int j = 0; j < n; j++) {
                    result[j] |= source[j];
                }
            }
            case XOR -> {
                for (int j = 0; j < n; j++) {
                    result[j] ^= source[j];
                }
            }
            default -> throw new IllegalStateException(op.name());
        }
    }
}
