package io.kronotop.server.protocol;

/**
 * Formats doubles the way Redis's {@code d2string} does (7.2 and later): {@code nan}, {@code inf}, {@code -inf},
 * {@code 0} and {@code -0}; integral values within ±2^62 as plain integers; anything else with the shortest
 * digits that read back as the same double, laid out by {@code fpconv_dtoa}'s rules: plain when the number of
 * trailing zeros or leading fraction zeros is small, else {@code d.ddde+X} with the exponent unpadded
 * ({@code 1e+300}, {@code 1.5e-7}).
 *
 * <p>Small integral values are formatted without allocating; other values allocate one short string
 * ({@link Double#toString(double)}, whose digits are the shortest since JDK 19; Redis's Grisu2 gives the same
 * digits except in rare cases where it gives a longer, still exact, form).
 */
final class DoubleFormat {
    /** Longest output: sign, 17 digits, point, 'e', sign, three exponent digits, with room to spare. */
    static final int MAX_CHARS = 32;

    private static final double INTEGRAL_LIMIT = 4611686018427387904.0; // 2^62, Redis's LLONG_MAX / 2

    private DoubleFormat() {
    }

    /** Writes {@code value} into {@code dst} (at least {@link #MAX_CHARS} long) and returns the length. */
    static int format(double value, byte[] dst) {
        if (Double.isNaN(value)) {
            return put(dst, 0, "nan");
        }
        if (Double.isInfinite(value)) {
            return put(dst, 0, value > 0 ? "inf" : "-inf");
        }
        if (value == 0) {
            return put(dst, 0, 1 / value < 0 ? "-0" : "0");
        }
        if (value >= -INTEGRAL_LIMIT && value <= INTEGRAL_LIMIT && value == (long) value) {
            return RespNumbers.putLong(dst, 0, (long) value);
        }
        int at = 0;
        if (value < 0) {
            dst[at++] = '-';
            value = -value;
        }
        // Shortest digits and decimal exponent K such that value = digits * 10^K.
        String shortest = Double.toString(value);
        byte[] digits = new byte[20];
        int ndigits = 0;
        int fractionDigits = 0;
        boolean inFraction = false;
        int exponent = 0;
        int length = shortest.length();
        for (int i = 0; i < length; i++) {
            char c = shortest.charAt(i);
            if (c == '.') {
                inFraction = true;
            } else if (c == 'E') {
                exponent = Integer.parseInt(shortest, i + 1, length, 10);
                break;
            } else {
                if (ndigits > 0 || c != '0') {
                    digits[ndigits++] = (byte) c;
                }
                if (inFraction) {
                    fractionDigits++;
                }
            }
        }
        int k = exponent - fractionDigits;
        while (ndigits > 1 && digits[ndigits - 1] == '0') {
            ndigits--;
            k++;
        }
        if (ndigits == 2) {
            // Java may print two digits where one already reads back (4.9E-324 for 5e-324): prefer one, as Grisu.
            int lower = digits[0] - '0';
            boolean upFirst = digits[1] >= '5';
            for (int attempt = 0; attempt < 2; attempt++) {
                int candidateK = k + 1;
                int d = lower + ((attempt == 0) == upFirst ? 1 : 0);
                if (d == 10) {
                    d = 1;
                    candidateK++;
                }
                if (d > 0 && Double.parseDouble(d + "E" + candidateK) == value) {
                    digits[0] = (byte) ('0' + d);
                    ndigits = 1;
                    k = candidateK;
                    break;
                }
            }
        }
        return at + emit(digits, ndigits, k, dst, at);
    }

    /** fpconv's layout of {@code digits * 10^k} into {@code dst} from {@code at}; returns the length written. */
    private static int emit(byte[] digits, int ndigits, int k, byte[] dst, int at) {
        int exp = Math.abs(k + ndigits - 1);
        if (k >= 0 && exp < ndigits + 7) {
            System.arraycopy(digits, 0, dst, at, ndigits);
            for (int i = 0; i < k; i++) {
                dst[at + ndigits + i] = '0';
            }
            return ndigits + k;
        }
        if (k < 0 && (k > -7 || exp < 4)) {
            int offset = ndigits + k;
            if (offset <= 0) {
                int zeros = -offset;
                dst[at] = '0';
                dst[at + 1] = '.';
                for (int i = 0; i < zeros; i++) {
                    dst[at + 2 + i] = '0';
                }
                System.arraycopy(digits, 0, dst, at + 2 + zeros, ndigits);
                return ndigits + 2 + zeros;
            }
            System.arraycopy(digits, 0, dst, at, offset);
            dst[at + offset] = '.';
            System.arraycopy(digits, offset, dst, at + offset + 1, ndigits - offset);
            return ndigits + 1;
        }
        int idx = at;
        dst[idx++] = digits[0];
        if (ndigits > 1) {
            dst[idx++] = '.';
            System.arraycopy(digits, 1, dst, idx, ndigits - 1);
            idx += ndigits - 1;
        }
        dst[idx++] = 'e';
        dst[idx++] = (byte) (k + ndigits - 1 < 0 ? '-' : '+');
        if (exp > 99) {
            dst[idx++] = (byte) ('0' + exp / 100);
            dst[idx++] = (byte) ('0' + exp / 10 % 10);
        } else if (exp > 9) {
            dst[idx++] = (byte) ('0' + exp / 10);
        }
        dst[idx++] = (byte) ('0' + exp % 10);
        return idx - at;
    }

    private static int put(byte[] dst, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            dst[at + i] = (byte) ascii.charAt(i);
        }
        return ascii.length();
    }
}
