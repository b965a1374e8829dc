package io.kronotop.server.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Allocation-free decimal parsing and formatting of 64-bit integers over {@link ByteBuf}s, with Redis's rules
 * ({@code string2ll} and {@code ll2string}). Stateless.
 */
final class RespNumbers {
    /** Longest decimal form of a long: 19 digits and a sign. */
    static final int MAX_LONG_CHARS = 20;

    private RespNumbers() {
    }

    /**
     * Parses {@code buf[from, to)} as a signed decimal long with Redis's {@code string2ll} rules: an optional
     * '-', then "0" alone or a digit 1-9 followed by digits; no '+', no spaces, no leading zeros, no overflow.
     *
     * @return true and {@code out[outIndex]} set when it is one; false (out untouched) otherwise
     */
    static boolean tryParseLong(ByteBuf buf, int from, int to, long[] out, int outIndex) {
        int len = to - from;
        if (len <= 0 || len > MAX_LONG_CHARS) {
            return false;
        }
        int p = from;
        byte b = buf.getByte(p);
        if (len == 1 && b == '0') {
            out[outIndex] = 0;
            return true;
        }
        boolean negative = false;
        if (b == '-') {
            negative = true;
            if (++p == to) {
                return false;
            }
            b = buf.getByte(p);
        }
        if (b < '1' || b > '9') {
            return false;
        }
        // Accumulate as a negative number so that Long.MIN_VALUE is representable.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multMin = limit / 10;
        long result = -(b - '0');
        while (++p < to) {
            b = buf.getByte(p);
            if (b < '0' || b > '9') {
                return false;
            }
            int digit = b - '0';
            if (result < multMin) {
                return false;
            }
            result *= 10;
            if (result < limit + digit) {
                return false;
            }
            result -= digit;
        }
        out[outIndex] = negative ? result : -result;
        return true;
    }

    /** Number of characters of the decimal form of {@code value}, sign included. */
    static int decimalLength(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                return MAX_LONG_CHARS;
            }
            return 1 + positiveDigits(-value);
        }
        return positiveDigits(value);
    }

    private static int positiveDigits(long v) {
        long p = 10;
        for (int i = 1; i < 19; i++) {
            if (v < p) {
                return i;
            }
            p *= 10;
        }
        return 19;
    }

    /** Puts the decimal form of {@code value} into {@code dst} at {@code at}; returns its length. */
    static int putLong(byte[] dst, int at, long value) {
        int len = decimalLength(value);
        int i = at + len;
        long v = value;
        if (v < 0) {
            dst[at] = '-';
            do {
                long q = v / 10;
                dst[--i] = (byte) ('0' + (q * 10 - v));
                v = q;
            } while (v != 0);
        } else {
            do {
                long q = v / 10;
                dst[--i] = (byte) ('0' + (v - q * 10));
                v = q;
            } while (v != 0);
        }
        return len;
    }
}
