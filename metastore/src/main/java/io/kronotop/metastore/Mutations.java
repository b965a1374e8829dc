package io.kronotop.metastore;

import java.util.Arrays;

/** FoundationDB's atomic-operation byte semantics (API version 730: AND is AndV2, MIN is MinV2). */
final class Mutations {
    static final int ADD = 2;
    static final int BIT_AND = 6;
    static final int BIT_OR = 7;
    static final int BIT_XOR = 8;
    static final int APPEND_IF_FITS = 9;
    static final int MAX = 12;
    static final int MIN = 13;
    static final int SET_VERSIONSTAMPED_KEY = 14;
    static final int SET_VERSIONSTAMPED_VALUE = 15;
    static final int BYTE_MIN = 16;
    static final int BYTE_MAX = 17;
    static final int COMPARE_AND_CLEAR = 20;

    private Mutations() {
    }

    static boolean isKnownAtomic(int code) {
        return switch (code) {
            case ADD, BIT_AND, BIT_OR, BIT_XOR, APPEND_IF_FITS, MAX, MIN, BYTE_MIN, BYTE_MAX, COMPARE_AND_CLEAR -> true;
            default -> false;
        };
    }

    /**
     * Applies atomic operation {@code code} with parameter {@code p} to existing value {@code e}.
     *
     * @return the new value, or {@code null} when the key ends up cleared
     */
    static byte[] apply(int code, byte[] e, byte[] p) {
        return switch (code) {
            case ADD -> add(e, p);
            case BIT_AND -> bitAnd(e, p);
            case BIT_OR -> bitOr(e, p);
            case BIT_XOR -> bitXor(e, p);
            case APPEND_IF_FITS -> appendIfFits(e, p);
            case MAX -> max(e, p);
            case MIN -> min(e, p);
            case BYTE_MIN -> e == null ? p : (Keys.compare(e, p) <= 0 ? e : p);
            case BYTE_MAX -> e == null ? p : (Keys.compare(e, p) >= 0 ? e : p);
            case COMPARE_AND_CLEAR -> e == null || Arrays.equals(e, p) ? null : e;
            default -> throw new IllegalArgumentException("not an atomic op: " + code);
        };
    }

    private static byte[] add(byte[] e, byte[] p) {
        if (e == null || e.length == 0 || p.length == 0) {
            return p;
        }
        byte[] out = new byte[p.length];
        int carry = 0;
        for (int i = 0; i < p.length; i++) {
            int sum = (i < e.length ? e[i] & 0xFF : 0) + (p[i] & 0xFF) + carry;
            out[i] = (byte) sum;
            carry = sum >>> 8;
        }
        return out;
    }

    private static byte[] bitAnd(byte[] e, byte[] p) {
        if (e == null) {
            return p;
        }
        byte[] out = new byte[p.length];
        for (int i = 0; i < p.length && i < e.length; i++) {
            out[i] = (byte) (e[i] & p[i]);
        }
        return out;
    }

    private static byte[] bitOr(byte[] e, byte[] p) {
        if (e == null || e.length == 0) {
            return p;
        }
        byte[] out = p.clone();
        for (int i = 0; i < p.length && i < e.length; i++) {
            out[i] = (byte) (e[i] | p[i]);
        }
        return out;
    }

    private static byte[] bitXor(byte[] e, byte[] p) {
        if (e == null || e.length == 0) {
            return p;
        }
        byte[] out = p.clone();
        for (int i = 0; i < p.length && i < e.length; i++) {
            out[i] = (byte) (e[i] ^ p[i]);
        }
        return out;
    }

    private static byte[] appendIfFits(byte[] e, byte[] p) {
        if (e == null || e.length == 0) {
            return p;
        }
        if (p.length == 0 || e.length + p.length > Keys.VALUE_SIZE_LIMIT) {
            return e;
        }
        byte[] out = Arrays.copyOf(e, e.length + p.length);
        System.arraycopy(p, 0, out, e.length, p.length);
        return out;
    }

    /** Compares {@code e} fitted to {@code p.length} bytes with {@code p}, both unsigned little-endian. */
    private static int compareLittleEndian(byte[] e, byte[] p) {
        for (int i = p.length - 1; i >= 0; i--) {
            int a = i < e.length ? e[i] & 0xFF : 0;
            int b = p[i] & 0xFF;
            if (a != b) {
                return a < b ? -1 : 1;
            }
        }
        return 0;
    }

    private static byte[] fit(byte[] e, int n) {
        return Arrays.copyOf(e, n);
    }

    private static byte[] max(byte[] e, byte[] p) {
        if (e == null || e.length == 0 || p.length == 0) {
            return p;
        }
        return compareLittleEndian(e, p) > 0 ? fit(e, p.length) : p;
    }

    private static byte[] min(byte[] e, byte[] p) {
        if (e == null || p.length == 0) {
            return p;
        }
        return compareLittleEndian(e, p) < 0 ? fit(e, p.length) : p;
    }

    /**
     * Validates a versionstamp template (key for SET_VERSIONSTAMPED_KEY, parameter for SET_VERSIONSTAMPED_VALUE).
     *
     * @return the stamp offset, or -1 when the template is invalid
     */
    static int stampOffset(byte[] template) {
        if (template.length < 4) {
            return -1;
        }
        int n = template.length;
        int pos = (template[n - 4] & 0xFF) | (template[n - 3] & 0xFF) << 8 | (template[n - 2] & 0xFF) << 16
                | (template[n - 1] & 0xFF) << 24;
        if (pos < 0 || pos + 10 > n - 4) {
            return -1;
        }
        return pos;
    }

    /** Replaces the 10 stamp bytes of {@code template} with {@code stamp} and strips the 4-byte offset. */
    static byte[] fillStamp(byte[] template, byte[] stamp) {
        int pos = stampOffset(template);
        byte[] out = Arrays.copyOf(template, template.length - 4);
        System.arraycopy(stamp, 0, out, pos, 10);
        return out;
    }

    static byte[] stamp(long version, int batchIndex) {
        byte[] s = new byte[10];
        putStamp(s, 0, version, batchIndex);
        return s;
    }

    /** Writes the 10 bytes of {@link #stamp} into {@code dst} at {@code at}. */
    static void putStamp(byte[] dst, int at, long version, int batchIndex) {
        for (int i = 0; i < 8; i++) {
            dst[at + i] = (byte) (version >>> (56 - 8 * i));
        }
        dst[at + 8] = (byte) (batchIndex >>> 8);
        dst[at + 9] = (byte) batchIndex;
    }
}
