package io.kronotop.server.command.zmap;

import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Encodings of the typed ZMap values: int64 and float64 as 8 little-endian bytes, decimal128 as IEEE-754 BID
 * in 16 little-endian bytes (low 64 bits first). Only the canonical BID form with a coefficient below 10^34 is
 * written; reading the large-coefficient form gives zero, as IEEE-754 says for non-canonical values.
 */
final class ZValues {
    private static final int BIAS = 6176;
    private static final int MAX_EXPONENT = 6111;
    private static final BigInteger MAX_COEFFICIENT = BigInteger.TEN.pow(34).subtract(BigInteger.ONE);
    private static final BigInteger MASK_64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private ZValues() {
    }

    static byte[] i64(long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return b;
    }

    static long i64(byte[] b) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    static byte[] f64(double value) {
        return i64(Double.doubleToRawLongBits(value == 0.0 ? 0.0 : value));
    }

    static double f64(byte[] b) {
        return Double.longBitsToDouble(i64(b));
    }

    /** Parses and encodes a decimal string; throws {@link CommandException} when it cannot. */
    static byte[] d128(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new CommandException(RespError.INVALID_DECIMAL);
        }
        return d128(value);
    }

    static byte[] d128(BigDecimal input) {
        BigDecimal value = input.round(MathContext.DECIMAL128);
        int exponent = -value.scale();
        BigInteger coefficient = value.unscaledValue().abs();
        while (exponent > MAX_EXPONENT && coefficient.multiply(BigInteger.TEN).compareTo(MAX_COEFFICIENT) <= 0) {
            coefficient = coefficient.multiply(BigInteger.TEN);
            exponent--;
        }
        if (exponent > MAX_EXPONENT || exponent < -BIAS) {
            throw new CommandException(RespError.D128_OUT_OF_RANGE);
        }
        long low = coefficient.and(MASK_64).longValue();
        long high = coefficient.shiftRight(64).longValue() | ((long) (exponent + BIAS) << 49);
        if (value.signum() < 0) {
            high |= Long.MIN_VALUE;
        }
        byte[] b = new byte[16];
        System.arraycopy(i64(low), 0, b, 0, 8);
        System.arraycopy(i64(high), 0, b, 8, 8);
        return b;
    }

    /** Decodes 16 BID bytes; throws {@link CommandException} for infinities and NaNs. */
    static BigDecimal d128(byte[] b) {
        long low = i64(java.util.Arrays.copyOfRange(b, 0, 8));
        long high = i64(java.util.Arrays.copyOfRange(b, 8, 16));
        boolean negative = high < 0;
        int exponent;
        BigInteger coefficient;
        if (((high >>> 61) & 3) == 3) {
            if (((high >>> 59) & 3) == 3) {
                throw new CommandException("ERR Invalid stored value: Decimal128 is not representable as BigDecimal");
            }
            exponent = (int) ((high >>> 47) & 0x3FFF) - BIAS;
            coefficient = BigInteger.ZERO;
        } else {
            exponent = (int) ((high >>> 49) & 0x3FFF) - BIAS;
            coefficient = BigInteger.valueOf(high & ((1L << 49) - 1)).shiftLeft(64)
                .or(BigInteger.valueOf(low).and(MASK_64));
            if (coefficient.compareTo(MAX_COEFFICIENT) > 0) {
                coefficient = BigInteger.ZERO;
            }
        }
        BigDecimal value = new BigDecimal(coefficient, -exponent);
        return negative ? value.negate() : value;
    }
}
