package io.kronotop.server.command.string;

import io.kronotop.server.command.string.BitFieldHandler.Overflow;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BITFIELD's overflow arithmetic against exact (BigInteger) sums: a sum that fits is stored as is; one that does not
 * is wrapped modulo 2^width (WRAP), clamped to the type's range (SAT) or refused (FAIL).
 */
class BitFieldArithmeticTest {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private final Random random = new Random(20261128);

    private long anyLong() {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextInt(1000) - 500;
            case 2 -> random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(3) : Long.MIN_VALUE + random.nextInt(3);
            default -> (random.nextBoolean() ? 1L : -1L) << random.nextInt(64);
        };
    }

    @Test
    void shouldMatchExactArithmeticForSignedFields() {
        for (int round = 0; round < 200_000; round++) {
            int width = 1 + random.nextInt(64);
            BigInteger max = BigInteger.ONE.shiftLeft(width - 1).subtract(BigInteger.ONE);
            BigInteger min = max.negate().subtract(BigInteger.ONE);
            boolean set = random.nextBoolean();
            long base = set ? anyLong() : inRange(min, max);
            long delta = set ? 0 : anyLong();
            BigInteger exact = BigInteger.valueOf(base).add(BigInteger.valueOf(delta));
            for (Overflow overflow : Overflow.values()) {
                long[] out = new long[1];
                boolean stored = BitFieldHandler.signedResult(base, delta, width, overflow, out);
                boolean fits = exact.compareTo(min) >= 0 && exact.compareTo(max) <= 0;
                String what = width + "-bit " + base + " + " + delta + " " + overflow;
                if (fits) {
                    assertThat(stored).as(what).isTrue();
                    assertThat(out[0]).as(what).isEqualTo(exact.longValueExact());
                } else if (overflow == Overflow.FAIL) {
                    assertThat(stored).as(what).isFalse();
                } else if (overflow == Overflow.SAT) {
                    assertThat(out[0]).as(what).isEqualTo((exact.signum() > 0 ? max : min).longValueExact());
                } else {
                    BigInteger modulus = BigInteger.ONE.shiftLeft(width);
                    BigInteger wrapped = exact.mod(modulus);
                    if (wrapped.compareTo(max) > 0) {
                        wrapped = wrapped.subtract(modulus);
                    }
                    assertThat(out[0]).as(what).isEqualTo(wrapped.longValueExact());
                }
            }
        }
    }

    @Test
    void shouldMatchExactArithmeticForUnsignedFieldsWithNegativeSetValuesReadAsLarge() {
        for (int round = 0; round < 200_000; round++) {
            int width = 1 + random.nextInt(63);
            BigInteger max = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE);
            boolean set = random.nextBoolean();
            long base = set ? anyLong() : inRange(BigInteger.ZERO, max);
            long delta = set ? 0 : anyLong();
            BigInteger unsignedBase = BigInteger.valueOf(base);
            if (base < 0) {
                unsignedBase = unsignedBase.add(TWO_64);
            }
            BigInteger exact = unsignedBase.add(BigInteger.valueOf(delta));
            for (Overflow overflow : Overflow.values()) {
                long[] out = new long[1];
                boolean stored = BitFieldHandler.unsignedResult(base, delta, width, overflow, out);
                boolean fits = exact.signum() >= 0 && exact.compareTo(max) <= 0;
                String what = "u" + width + " " + base + " + " + delta + " " + overflow;
                if (fits) {
                    assertThat(stored).as(what).isTrue();
                    assertThat(out[0]).as(what).isEqualTo(exact.longValueExact());
                } else if (overflow == Overflow.FAIL) {
                    assertThat(stored).as(what).isFalse();
                } else if (overflow == Overflow.SAT) {
                    assertThat(out[0]).as(what).isEqualTo(exact.signum() > 0 ? max.longValueExact() : 0L);
                } else {
                    assertThat(out[0]).as(what).isEqualTo(exact.mod(BigInteger.ONE.shiftLeft(width)).longValueExact());
                }
            }
        }
    }

    /** A value in [min, max], often at an edge. */
    private long inRange(BigInteger min, BigInteger max) {
        return switch (random.nextInt(3)) {
            case 0 -> min.longValueExact();
            case 1 -> max.longValueExact();
            default -> new BigInteger(66, random).mod(max.subtract(min).add(BigInteger.ONE)).add(min).longValueExact();
        };
    }
}
