package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Bits;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

import java.nio.charset.StandardCharsets;

/**
 * BITCOUNT key [start end [BYTE | BIT]]: the set bits of the string, or of a range of it in bytes (the default) or
 * bits; negative indexes count from the end, as in GETRANGE.
 */
final class BitCountHandler implements KeyspaceHandler {
    static final byte[] BIT = "BIT".getBytes(StandardCharsets.US_ASCII);
    static final byte[] BYTE = "BYTE".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        // as in Redis 7.0, the key is looked up before the range is read: a missing key counts 0 whatever follows
        StringValue v = StringStore.read(ctx.shard(), args.bytes(1), ctx.nowMs());
        if (v == null) {
            reply.integer(0);
            return;
        }
        int n = args.count();
        if (n != 2 && n != 4 && n != 5) {
            reply.error(RespError.SYNTAX);
            return;
        }
        long[] range = new long[2];
        boolean bits = false;
        if (n > 2) {
            if (!args.tryParseLong(2, range, 0) || !args.tryParseLong(3, range, 1)) {
                reply.error(RespError.NOT_AN_INTEGER);
                return;
            }
            if (n == 5) {
                if (args.equalsIgnoreCase(4, BIT)) {
                    bits = true;
                } else if (!args.equalsIgnoreCase(4, BYTE)) {
                    reply.error(RespError.SYNTAX);
                    return;
                }
            }
        }
        byte[] bytes = v.array(); // the string is its first v.length() bytes
        int length = v.length();
        if (n == 2) {
            reply.integer(Bits.count(bytes, 0, length));
            return;
        }
        if (range[0] < 0 && range[1] < 0 && range[0] > range[1]) {
            reply.integer(0);
            return;
        }
        BitArgs.clampRange(range, bits ? (long) length << 3 : length);
        long start = range[0];
        long end = range[1];
        if (start > end) {
            reply.integer(0);
            return;
        }
        if (!bits) {
            reply.integer(Bits.count(bytes, (int) start, (int) end + 1));
            return;
        }
        int first = (int) (start >>> 3);
        int last = (int) (end >>> 3);
        long count = Bits.count(bytes, first, last + 1);
        // take off the bits of the first and last bytes that lie outside the range
        count -= Integer.bitCount(bytes[first] & 0xff & ~(0xff >>> (int) (start & 7)));
        count -= Integer.bitCount(bytes[last] & (0xff >>> (int) ((end & 7) + 1)));
        reply.integer(count);
    }
}
