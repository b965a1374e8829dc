package io.kronotop.metastore;

import com.apple.foundationdb.tuple.Versionstamp;

/**
 * Packs tuples made only of integers (and optionally one complete versionstamp at the end) after a prefix, byte for
 * byte as {@code Subspace.pack(Tuple.from(...))} does, into one exactly sized array and nothing else. Hot metadata
 * keys have such fixed shapes; the general tuple packing builds a tuple, its list, an iterator and a growing buffer
 * for each, which showed in the volume's commit path as a large share of its allocation. {@code TupleLongsTest}
 * checks the output against {@code Tuple.pack}.
 *
 * <p>The integer encoding is the tuple layer's: {@code 0x14} for zero; {@code 0x14 + n} and the value's n big-endian
 * bytes for a positive value; {@code 0x14 - n} and the ones' complement of the absolute value's n bytes for a
 * negative one. A versionstamp is {@code 0x33} and its 12 bytes.
 */
public final class TupleLongs {
    private static final int INT_ZERO_CODE = 0x14;

    private TupleLongs() {
    }

    /** {@code prefix} followed by the packed tuple {@code (a)}. */
    public static byte[] pack(byte[] prefix, long a) {
        byte[] out = new byte[prefix.length + size(a)];
        int at = copy(prefix, out);
        put(out, at, a);
        return out;
    }

    /** {@code prefix} followed by the packed tuple {@code (a, b)}. */
    public static byte[] pack(byte[] prefix, long a, long b) {
        byte[] out = new byte[prefix.length + size(a) + size(b)];
        int at = copy(prefix, out);
        at = put(out, at, a);
        put(out, at, b);
        return out;
    }

    /** {@code prefix} followed by the packed tuple {@code (a, b, c)}. */
    public static byte[] pack(byte[] prefix, long a, long b, long c) {
        byte[] out = new byte[prefix.length + size(a) + size(b) + size(c)];
        int at = copy(prefix, out);
        at = put(out, at, a);
        at = put(out, at, b);
        put(out, at, c);
        return out;
    }

    /** {@code prefix} followed by the packed tuple {@code (a, b, c, d)}. */
    public static byte[] pack(byte[] prefix, long a, long b, long c, long d) {
        byte[] out = new byte[prefix.length + size(a) + size(b) + size(c) + size(d)];
        int at = copy(prefix, out);
        at = put(out, at, a);
        at = put(out, at, b);
        at = put(out, at, c);
        put(out, at, d);
        return out;
    }

    /** {@code prefix} followed by the packed tuple {@code (values...)}. */
    public static byte[] packAll(byte[] prefix, long... values) {
        byte[] out = new byte[prefix.length + size(values)];
        put(out, copy(prefix, out), values);
        return out;
    }

    /** {@code prefix} followed by the packed tuple {@code (values..., stamp)}; {@code stamp} must be complete. */
    public static byte[] packWithStamp(byte[] prefix, Versionstamp stamp, long... values) {
        if (!stamp.isComplete()) {
            throw new IllegalArgumentException("incomplete versionstamp: " + stamp);
        }
        byte[] out = new byte[prefix.length + size(values) + 1 + Versionstamp.LENGTH];
        int at = put(out, copy(prefix, out), values);
        out[at++] = Versionstamps.VERSIONSTAMP_CODE;
        System.arraycopy(stamp.getBytes(), 0, out, at, Versionstamp.LENGTH);
        return out;
    }

    private static int size(long[] values) {
        int length = 0;
        for (long v : values) {
            length += size(v);
        }
        return length;
    }

    private static int put(byte[] out, int at, long[] values) {
        int next = at;
        for (long v : values) {
            next = put(out, next, v);
        }
        return next;
    }

    /** Bytes {@code value} takes in a packed tuple: its type code and its magnitude's significant bytes. */
    static int size(long value) {
        if (value == 0) {
            return 1;
        }
        return 1 + magnitudeBytes(value);
    }

    private static int magnitudeBytes(long value) {
        if (value == Long.MIN_VALUE) {
            return Long.BYTES;
        }
        long magnitude = Math.abs(value);
        return (Long.SIZE - Long.numberOfLeadingZeros(magnitude) + 7) / 8;
    }

    private static int copy(byte[] prefix, byte[] out) {
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        return prefix.length;
    }

    /** Writes {@code value} at {@code at}; returns the position after it. */
    private static int put(byte[] out, int at, long value) {
        if (value == 0) {
            out[at] = INT_ZERO_CODE;
            return at + 1;
        }
        int n = magnitudeBytes(value);
        // the ones' complement of |v| in n bytes is v - 1 in two's complement, truncated to n bytes
        long bits = value > 0 ? value : value - 1;
        out[at] = (byte) (value > 0 ? INT_ZERO_CODE + n : INT_ZERO_CODE - n);
        for (int i = n; i >= 1; i--) {
            out[at + i] = (byte) bits;
            bits >>>= 8;
        }
        return at + 1 + n;
    }
}
