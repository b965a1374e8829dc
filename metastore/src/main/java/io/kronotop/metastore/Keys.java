package io.kronotop.metastore;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/** Byte-string key helpers shared by the store, the resolver and transactions. */
final class Keys {
    static final byte[] EMPTY = new byte[0];
    static final byte[] SYSTEM_BEGIN = {(byte) 0xFF};
    static final byte[] SPECIAL_BEGIN = {(byte) 0xFF, (byte) 0xFF};
    static final byte[] METADATA_VERSION = "\u00ff/metadataVersion".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    static final int KEY_SIZE_LIMIT = 10_000;
    static final int SYSTEM_KEY_SIZE_LIMIT = 30_000;
    static final int VALUE_SIZE_LIMIT = 100_000;
    static final Comparator<byte[]> COMPARATOR = Arrays::compareUnsigned;

    private Keys() {
    }

    static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** The smallest key strictly greater than {@code key}: {@code key + \x00}. */
    static byte[] keyAfter(byte[] key) {
        byte[] out = Arrays.copyOf(key, key.length + 1);
        return out;
    }

    /** Whether {@code end} is {@link #keyAfter}({@code begin}): the range {@code [begin, end)} holds begin alone. */
    static boolean isKeyAfter(byte[] begin, byte[] end) {
        return end.length == begin.length + 1 && end[begin.length] == 0
                && Arrays.equals(begin, 0, begin.length, end, 0, begin.length);
    }

    static byte[] min(byte[] a, byte[] b) {
        return compare(a, b) <= 0 ? a : b;
    }

    static byte[] max(byte[] a, byte[] b) {
        return compare(a, b) >= 0 ? a : b;
    }

    static boolean isSystem(byte[] key) {
        return key.length > 0 && key[0] == (byte) 0xFF;
    }

    static String printable(byte[] key) {
        StringBuilder sb = new StringBuilder();
        for (byte b : key) {
            int c = b & 0xFF;
            if (c >= 32 && c < 127 && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format(Locale.ROOT, "\\x%02x", c));
            }
        }
        return sb.toString();
    }
}
