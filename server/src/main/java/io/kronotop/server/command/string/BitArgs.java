package io.kronotop.server.command.string;

import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Bits;
import io.kronotop.server.redis.Numbers;

import java.util.Arrays;

/** Argument parsing shared by the bitmap commands, with Redis's rules and error texts. */
final class BitArgs {
    static final String BAD_TYPE =
        "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

    private BitArgs() {
    }

    /**
     * A bit offset, 0 to {@link Bits#MAX_BIT_OFFSET}; with {@code fieldWidth} above 0 the form {@code #N} is also
     * taken and means N fields of that width. -1 when the argument is none of these.
     */
    static long offset(RespArgs args, int i, int fieldWidth) {
        boolean fields = fieldWidth > 0 && args.length(i) > 0 && args.byteAt(i, 0) == '#';
        long offset;
        if (fields) {
            byte[] text = args.bytes(i);
            Long parsed = Numbers.parseLong(Arrays.copyOfRange(text, 1, text.length));
            if (parsed == null) {
                return -1;
            }
            offset = parsed;
        } else {
            long[] parsed = new long[1]; // scalar-replaced by the JIT: the plain form allocates nothing
            if (!args.tryParseLong(i, parsed, 0)) {
                return -1;
            }
            offset = parsed[0];
        }
        if (fields) {
            if (offset < 0 || offset > Long.MAX_VALUE / fieldWidth) {
                return -1;
            }
            offset *= fieldWidth;
        }
        return offset < 0 || offset > Bits.MAX_BIT_OFFSET ? -1 : offset;
    }

    /**
     * Turns {@code range} ({start, end}, both included, negative counting from the end) into indexes inside a string
     * of {@code total} units, as GETRANGE does: both clamped at 0 and the end at the last unit. The range is empty
     * when start then exceeds end.
     */
    static void clampRange(long[] range, long total) {
        long start = range[0];
        long end = range[1];
        range[0] = Math.max(0, start < 0 ? total + start : start);
        range[1] = Math.min(Math.max(0, end < 0 ? total + end : end), total - 1);
    }

    /**
     * A BITFIELD type: {@code i1}-{@code i64} or {@code u1}-{@code u63}, as the width, negated for signed types;
     * 0 when it is neither.
     */
    static int fieldType(RespArgs args, int i) {
        byte[] text = args.bytes(i);
        if (text.length < 2 || text[0] != 'i' && text[0] != 'u') {
            return 0;
        }
        Long width = Numbers.parseLong(Arrays.copyOfRange(text, 1, text.length));
        boolean signed = text[0] == 'i';
        if (width == null || width < 1 || width > (signed ? 64 : 63)) {
            return 0;
        }
        return signed ? -width.intValue() : width.intValue();
    }
}
