package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Bits;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

/**
 * BITPOS key bit [start [end [BYTE | BIT]]]: the offset of the first bit set to {@code bit} in the string or the
 * range, -1 when there is none. A missing key reads as endless zeros. Looking for a 0 in a string of ones with no
 * end given answers the first bit past the string, as the zeros that follow it would.
 */
final class BitPosHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long[] p = new long[3];
        if (!args.tryParseLong(2, p, 0)) {
            reply.error(RespError.NOT_AN_INTEGER);
            return;
        }
        if (p[0] != 0 && p[0] != 1) {
            reply.error("ERR The bit argument must be 1 or 0.");
            return;
        }
        int bit = (int) p[0];
        StringValue v = StringStore.read(ctx.shard(), args.bytes(1), ctx.nowMs());
        if (v == null) {
            reply.integer(bit == 1 ? -1 : 0);
            return;
        }
        byte[] bytes = v.array(); // the string is its first length bytes: no copy to drop APPEND's room
        int length = v.length();
        int n = args.count();
        if (n > 6) {
            reply.error(RespError.SYNTAX);
            return;
        }
        boolean bits = false;
        boolean endGiven = n >= 5;
        long start = 0;
        long end = length - 1L;
        if (n >= 4) {
            if (!args.tryParseLong(3, p, 1)) {
                reply.error(RespError.NOT_AN_INTEGER);
                return;
            }
            if (n == 6) {
                if (args.equalsIgnoreCase(5, BitCountHandler.BIT)) {
                    bits = true;
                } else if (!args.equalsIgnoreCase(5, BitCountHandler.BYTE)) {
                    reply.error(RespError.SYNTAX);
                    return;
                }
            }
            if (endGiven && !args.tryParseLong(4, p, 2)) {
                reply.error(RespError.NOT_AN_INTEGER);
                return;
            }
            long total = bits ? (long) length << 3 : length;
            long[] range = {p[1], endGiven ? p[2] : total - 1};
            BitArgs.clampRange(range, total);
            start = range[0];
            end = range[1];
        }
        if (start > end) {
            reply.integer(-1);
            return;
        }
        long fromBit = bits ? start : start << 3;
        long toBit = bits ? end : (end << 3) + 7;
        long found = Bits.find(bytes, fromBit, toBit, bit);
        if (found < 0 && bit == 0 && !endGiven) {
            found = toBit + 1;
        }
        reply.integer(found);
    }
}
