package io.kronotop.server.redis;

import java.nio.charset.StandardCharsets;

/**
 * A string value: its bytes, never modified in place once stored (commands that change a string store a
 * new value), so a reply may use the array after the shard moved on.
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
        return new StringValue(bytes, raw);
    }
}
