package io.kronotop.server.redis;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bit-level reads and writes of a string's bytes, as Redis's bitmap commands see them: bit 0 is the most significant
 * bit of byte 0, and every bit past the end of the string reads as 0. Ranges are counted and searched eight bytes at
 * a time. Nothing here allocates except where a method says it returns a new array.
 */
public final class Bits {
    /** A bit offset must address a byte below Redis's largest string (512 MiB): offsets 0 to 2^32 - 1. */
    public static final long MAX_BIT_OFFSET = StringStore.MAX_STRING_BYTES * 8 - 1;
    public static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bits() {
    }

    /** The bit at {@code offset}, 0 past the end. */
    public static int get(byte[] bytes, long offset) {
        long index = offset >>> 3;
        if (index >= bytes.length) {
            return 0;
        }
        return (bytes[(int) index] >> (7 - (int) (offset & 7))) & 1;
    }

    /** Sets the bit at {@code offset} (inside {@code bytes}) to {@code bit}. */
    public static void set(byte[] bytes, long offset, int bit) {
        int index = (int) (offset >>> 3);
        int mask = 1 << (7 - (int) (offset & 7));
        bytes[index] = (byte) (bit != 0 ? bytes[index] | mask : bytes[index] & ~mask);
    }

    /** The set bits in {@code bytes[from, to)}. */
    public static long count(byte[] bytes, int from, int to) {
        long count = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            count += Long.bitCount((long) LONGS.get(bytes, i));
        }
        for (; i < to; i++) {
            count += Integer.bitCount(bytes[i] & 0xff);
        }
        return count;
    }

    /**
     * The offset of the first bit equal to {@code bit} among bits {@code [fromBit, toBit]} of {@code bytes} (both
     * inside it), or -1 when there is none.
     */
    public static long find(byte[] bytes, long fromBit, long toBit, int bit) {
        if (fromBit > toBit) {
            return -1;
        }
        int first = (int) (fromBit >>> 3);
        int last = (int) (toBit >>> 3);
        // the first and last bytes, whose bits outside the range are made to differ from the one sought
        int lead = 0xff >>> (int) (fromBit & 7);
        int trail = (0xff << (7 - (int) (toBit & 7))) & 0xff;
        for (int i = first; i <= last; ) {
            if (i > first && i < last && i + 8 <= last) {
                long word = (long) LONGS.get(bytes, i);
                if (word == (bit == 1 ? 0L : -1L)) {
                    i += 8;
                    continue;
                }
            }
            int b = bytes[i] & 0xff;
            if (bit == 0) {
                b = ~b & 0xff;
            }
            if (i == first) {
                b &= lead;
            }
            if (i == last) {
                b &= trail;
            }
            if (b != 0) {
                return ((long) i << 3) + Integer.numberOfLeadingZeros(b) - 24;
            }
            i++;
        }
        return -1;
    }

    /**
     * The {@code width}-bit field at bit {@code offset} (1-64 bits; past the end reads as 0), as an unsigned value,
     * or sign-extended when {@code signed}.
     */
    public static long readField(byte[] bytes, long offset, int width, boolean signed) {
        long value = 0;
        for (int i = 0; i < width; i++) {
            value = (value << 1) | get(bytes, offset + i);
        }
        if (signed && width < 64 && (value & (1L << (width - 1))) != 0) {
            value |= -1L << width;
        }
        return value;
    }

    /** Writes the low {@code width} bits of {@code value} at bit {@code offset}; the field must be inside bytes. */
    public static void writeField(byte[] bytes, long offset, int width, long value) {
        for (int i = 0; i < width; i++) {
            set(bytes, offset + i, (int) (value >>> (width - 1 - i)) & 1);
        }
    }
}
