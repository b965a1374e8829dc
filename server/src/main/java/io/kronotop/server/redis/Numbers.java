package io.kronotop.server.redis;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Redis's number rules over stored bytes: {@code string2ll} for integers, and {@code long double} arithmetic
 * for INCRBYFLOAT / HINCRBYFLOAT, emulated exactly: every operand and result is rounded to the x87 80-bit
 * format's 64-bit significand, and printed as {@code %.17Lf} with trailing zeros removed.
 */
public final class Numbers {
    private static final int SIGNIFICAND_BITS = 64;
    /** Largest finite x87 extended value, about 1.19e4932. */
    private static final BigDecimal EXTENDED_MAX = new BigDecimal("1.18973149535723176502e4932");

    private Numbers() {
    }

    /** The integer {@code bytes} spell with Redis's rules, or null. */
    public static Long parseLong(byte[] bytes) {
        int len = bytes.length;
        if (len == 0 || len > 20) {
            return null;
        }
        if (len == 1 && bytes[0] == '0') {
            return 0L;
        }
        int p = 0;
        boolean negative = bytes[0] == '-';
        if (negative && ++p == len) {
            return null;
        }
        if (bytes[p] < '1' || bytes[p] > '9') {
            return null;
        }
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multMin = limit / 10;
        long result = 0;
        for (; p < len; p++) {
            int digit = bytes[p] - '0';
            if (digit < 0 || digit > 9 || result < multMin) {
                return null;
            }
            result *= 10;
            if (result < limit + digit) {
                return null;
            }
            result -= digit;
        }
        return negative ? result : -result;
    }

    /**
     * The value {@code bytes} spell as a long double would be read by {@code strtold}, rounded to 64 bits of
     * significand; null when it is not a number, is NaN, or has spaces around it. Infinity is returned as
     * null too with {@code infinite[0]} set, because every operation on it fails the same way.
     */
    public static BigDecimal parseLongDouble(byte[] bytes, boolean[] infinite) {
        int len = bytes.length;
        if (len == 0 || len > 5000 || Character.isWhitespace(bytes[0])) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            infinite[0] = true;
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return null;
            }
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.startsWith("+") ? text.substring(1) : text.startsWith(".")
                ? "0" + text : text.replace("-.", "-0.").replace("+.", "0."));
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
        return roundExtended(value, infinite);
    }

    /** {@code value} rounded to the nearest long double; null (and infinite set) when it overflows. */
    public static BigDecimal roundExtended(BigDecimal value, boolean[] infinite) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if (value.abs().compareTo(EXTENDED_MAX) > 0) {
            infinite[0] = true;
            return null;
        }
        BigDecimal abs = value.abs();
        // Binary exponent e with 2^e <= abs < 2^(e+1), estimated then corrected.
        int e = (int) Math.floor((abs.unscaledValue().bitLength() - 1) - abs.scale() * 3.321928094887362);
        while (pow2(e + 1).compareTo(abs) <= 0) {
            e++;
        }
        while (pow2(e).compareTo(abs) > 0) {
            e--;
        }
        int shift = SIGNIFICAND_BITS - 1 - e;
        BigDecimal scaled = shift >= 0 ? abs.multiply(pow2(shift)) : abs.divide(pow2(-shift));
        BigInteger m = scaled.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
        BigDecimal rounded = shift >= 0 ? new BigDecimal(m).divide(pow2(shift)) : new BigDecimal(m).multiply(
            pow2(-shift));
        if (rounded.compareTo(EXTENDED_MAX) > 0) {
            infinite[0] = true;
            return null;
        }
        return value.signum() < 0 ? rounded.negate() : rounded;
    }

    private static BigDecimal pow2(int e) {
        return e >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(e))
            : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-e)));
    }

    /** {@code %.17Lf} without trailing zeros (Redis's LD_STR_HUMAN). */
    public static byte[] formatLongDouble(BigDecimal value) {
        String text = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        String result = text.substring(0, end);
        if (result.equals("-0")) {
            result = "0";
        }
        return result.getBytes(StandardCharsets.US_ASCII);
    }
}
