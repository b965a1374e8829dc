package io.kronotop.server.redis;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Bits} against a one-bit-at-a-time model, on random strings, offsets and widths. */
class BitsTest {
    private final Random random = new Random(20261128);

    /** The model's bit: bit 0 is the top bit of byte 0. */
    private static int bitAt(byte[] bytes, long offset) {
        return offset / 8 < bytes.length ? (bytes[(int) (offset / 8)] >> (7 - offset % 8)) & 1 : 0;
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[random.nextInt(40)];
        int style = random.nextInt(4);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = switch (style) {
                case 0 -> 0; // long runs, so that the eight-byte steps are taken
                case 1 -> (byte) 0xff;
                case 2 -> random.nextInt(10) == 0 ? (byte) random.nextInt(256) : 0;
                default -> (byte) random.nextInt(256);
            };
        }
        return bytes;
    }

    @Test
    void shouldCountTheSetBitsOfEveryRange() {
        for (int round = 0; round < 500; round++) {
            byte[] bytes = randomBytes();
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            long expected = 0;
            for (long bit = from * 8L; bit < to * 8L; bit++) {
                expected += bitAt(bytes, bit);
            }
            assertThat(Bits.count(bytes, from, to)).isEqualTo(expected);
        }
    }

    @Test
    void shouldFindTheFirstBitOfEitherValueInEveryBitRange() {
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = randomBytes();
            if (bytes.length == 0) {
                continue;
            }
            long size = bytes.length * 8L;
            long from = random.nextLong(size);
            long to = from + random.nextLong(size - from);
            for (int bit = 0; bit <= 1; bit++) {
                long expected = -1;
                for (long i = from; i <= to; i++) {
                    if (bitAt(bytes, i) == bit) {
                        expected = i;
                        break;
                    }
                }
                assertThat(Bits.find(bytes, from, to, bit)).as("bit %d in [%d, %d]", bit, from, to)
                    .isEqualTo(expected);
            }
            assertThat(Bits.find(bytes, to + 1, to, 1)).isEqualTo(-1);
        }
    }

    @Test
    void shouldReadAndWriteFieldsOfEveryWidthAtAnyOffset() {
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = randomBytes();
            int width = 1 + random.nextInt(64);
            long offset = random.nextLong(bytes.length * 8L + 16);
            // read: past the end counts as zeros
            long unsigned = 0;
            for (int i = 0; i < width; i++) {
                unsigned = unsigned << 1 | bitAt(bytes, offset + i);
            }
            long signed = width < 64 && (unsigned >>> (width - 1) & 1) == 1 ? unsigned - (1L << width) : unsigned;
            assertThat(Bits.readField(bytes, offset, width, false)).isEqualTo(unsigned);
            assertThat(Bits.readField(bytes, offset, width, true)).isEqualTo(signed);
            // write: only the field's bits change
            if (offset + width > bytes.length * 8L) {
                continue;
            }
            long value = random.nextLong();
            byte[] before = bytes.clone();
            Bits.writeField(bytes, offset, width, value);
            for (long i = 0; i < bytes.length * 8L; i++) {
                int expected = i >= offset && i < offset + width
                    ? (int) (value >>> (width - 1 - (i - offset))) & 1 : bitAt(before, i);
                assertThat(bitAt(bytes, i)).as("bit %d after writing %d bits at %d", i, width, offset)
                    .isEqualTo(expected);
            }
        }
    }

    @Test
    void shouldSetAndGetSingleBitsPastTheEndAsZero() {
        byte[] bytes = new byte[2];
        Bits.set(bytes, 0, 1);
        Bits.set(bytes, 15, 1);
        assertThat(bytes).containsExactly((byte) 0x80, (byte) 0x01);
        assertThat(Bits.get(bytes, 0)).isEqualTo(1);
        assertThat(Bits.get(bytes, 1)).isZero();
        assertThat(Bits.get(bytes, 15)).isEqualTo(1);
        assertThat(Bits.get(bytes, 16)).isZero();
        assertThat(Bits.get(bytes, Bits.MAX_BIT_OFFSET)).isZero();
        Bits.set(bytes, 0, 0);
        assertThat(bytes[0]).isZero();
    }
}
