package io.kronotop.server.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A string value: its bytes, which every reader copies at once (into a reply buffer, a DUMP payload, a COPY).
 * SETBIT, BITFIELD and SETRANGE change them in place, and then report the change ({@link RedisShard#replace}) in the
 * same reactor step, as persistence encodes a string's record from this array when a flush takes it. A string that
 * grows (APPEND, and SETRANGE, SETBIT or BITFIELD past its end) grows in place too: it keeps room after the bytes,
 * doubling the array below {@link #GROWTH_STEP} and adding that much above it (Redis's strings grow the same way), so
 * that a run of APPENDs, or of SETBITs at rising offsets, copies the string a logarithmic number of times rather than
 * once each. Every other command that changes a string stores a new value.
 */
public final class StringValue implements RedisValue {
    /** Redis keeps strings up to 44 bytes in one allocation ("embstr"). */
    private static final int EMBSTR_LIMIT = 44;
    /** Room APPEND leaves: as much again as the string below this length, this much above it. */
    static final int GROWTH_STEP = 1 << 20;

    /** The value is the first {@link #length} bytes; after an APPEND the rest is room for the next one. */
    private byte[] bytes;
    private int length;
    /** True once APPEND, SETRANGE or a bitmap command changed it: Redis reports such strings as "raw". */
    private final boolean raw;
    private long locator = -1;

    public StringValue(byte[] bytes) {
        this(bytes, false);
    }

    public StringValue(byte[] bytes, boolean raw) {
        this(bytes, bytes.length, raw);
    }

    private StringValue(byte[] bytes, int length, boolean raw) {
        this.bytes = bytes;
        this.length = length;
        this.raw = raw;
    }

    public static StringValue of(long value) {
        return new StringValue(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The value as an array of exactly its length. Room an APPEND left is dropped first (one copy), so commands that
     * can take the bytes with their length ({@link #array()}, {@link #length()}) should.
     */
    public byte[] bytes() {
        if (bytes.length != length) {
            bytes = Arrays.copyOf(bytes, length);
        }
        return bytes;
    }

    /**
     * The array holding the value in its first {@link #length()} bytes; the rest, if any, is room for APPEND and
     * always zeros (so a bit read past the string reads 0 there too, as GETBIT answers past the end).
     */
    public byte[] array() {
        return bytes;
    }

    /**
     * APPEND: makes the string {@code n} bytes longer, in place when the array has room, else in a larger array with
     * room for more, and returns where the caller writes those {@code n} bytes (zeros until it does, in the same
     * reactor step), into {@link #array()} as it is after this call. The caller checks the result against the
     * largest string allowed.
     */
    public int extend(int n) {
        int at = length;
        growTo(at + n);
        return at;
    }

    /**
     * SETRANGE, SETBIT and BITFIELD past the end: makes the string {@code newLength} bytes long, zeros added, in place
     * when the array has room, else in a larger array with room for more (as {@link #extend}); no-op when it is that
     * long already. Call {@link #array()} after it. The caller checks {@code newLength} against the largest string.
     */
    public void growTo(int newLength) {
        if (newLength <= length) {
            return;
        }
        if (newLength > bytes.length) {
            long room = newLength < GROWTH_STEP ? 2L * newLength : (long) newLength + GROWTH_STEP;
            bytes = Arrays.copyOf(bytes, (int) Math.max(newLength, Math.min(room, StringStore.MAX_STRING_BYTES)));
        }
        length = newLength;
    }

    /**
     * This string when it is raw already, else a raw string sharing its array (no copy): what a command that changes
     * a string in place stores, as Redis reports such a string as "raw" from then on.
     */
    public StringValue asRaw() {
        return raw ? this : new StringValue(bytes, length, true);
    }

    /** Whether APPEND, SETRANGE or a bitmap command produced it (OBJECT ENCODING says raw). */
    public boolean raw() {
        return raw;
    }

    public int length() {
        return length;
    }

    @Override
    public String typeName() {
        return "string";
    }

    @Override
    public String encoding() {
        if (raw) {
            return "raw"; // changed in place by Redis, which never re-encodes such a string, digits or not
        }
        if (length <= 20 && Numbers.parseLong(bytes()) != null) {
            return "int";
        }
        return length > EMBSTR_LIMIT ? "raw" : "embstr";
    }

    /** The array, room included, as Redis counts a string's allocation. */
    @Override
    public long memoryBytes() {
        return 16L + bytes.length;
    }

    @Override
    public long locator() {
        return locator;
    }

    @Override
    public void locator(long locator) {
        this.locator = locator;
    }

    @Override
    public RedisValue copy() {
        return new StringValue(Arrays.copyOf(bytes, length), raw); // not shared: the original may be changed in place
    }
}
