package io.kronotop.server.redis;

import java.nio.charset.StandardCharsets;

/**
 * A string value: its bytes, which every reader copies at once (into a reply buffer, a DUMP payload, a COPY).
 * SETBIT, BITFIELD and SETRANGE change them in place when the string does not grow, and then report the change
 * ({@link RedisShard#replace}) in the same reactor step, as persistence encodes a string's record from this array
 * when a flush takes it. Every other command that changes a string stores a new value.
 */
public final class StringValue implements RedisValue {
    /** Redis keeps strings up to 44 bytes in one allocation ("embstr"). */
    private static final int EMBSTR_LIMIT = 44;

    private final byte[] bytes;
    /** True once APPEND, SETRANGE or a bitmap command changed it: Redis reports such strings as "raw". */
    private final boolean raw;
    private long locator = -1;

    public StringValue(byte[] bytes) {
        this(bytes, false);
    }

    public StringValue(byte[] bytes, boolean raw) {
        this.bytes = bytes;
        this.raw = raw;
    }

    public static StringValue of(long value) {
        return new StringValue(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    public byte[] bytes() {
        return bytes;
    }

    /** Whether APPEND, SETRANGE or a bitmap command produced it (OBJECT ENCODING says raw). */
    public boolean raw() {
        return raw;
    }

    public int length() {
        return bytes.length;
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
        if (bytes.length <= 20 && Numbers.parseLong(bytes) != null) {
            return "int";
        }
        return bytes.length > EMBSTR_LIMIT ? "raw" : "embstr";
    }

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
        return new StringValue(bytes.clone(), raw); // not shared: the original may be changed in place
    }
}
