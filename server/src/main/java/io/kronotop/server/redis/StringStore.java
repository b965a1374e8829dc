package io.kronotop.server.redis;

import io.kronotop.server.error.CommandException;

/**
 * String operations on a shard, knowing nothing of RESP: they return values or throw
 * {@link CommandException} with Redis's error text on the rare paths (wrong type, bad numbers).
 */
public final class StringStore {
    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String TOO_BIG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
    public static final long MAX_STRING_BYTES = 512L * 1024 * 1024;

    private StringStore() {
    }

    /** The string at {@code key} for reading (counts hit/miss), or null; WRONGTYPE when it is not a string. */
    public static StringValue read(RedisShard shard, byte[] key, long nowMs) {
        return read(shard, key, 0, key.length, nowMs);
    }

    /** {@link #read(RedisShard, byte[], long)} of the key made of {@code length} bytes of {@code key} at offset. */
    public static StringValue read(RedisShard shard, byte[] key, int offset, int length, long nowMs) {
        Entry e = shard.read(key, offset, length, nowMs);
        return e == null ? null : asString(e);
    }

    /** The entry at {@code key} for writing, checked to be a string; null when absent. */
    public static Entry writable(RedisShard shard, byte[] key, long nowMs) {
        Entry e = shard.lookup(key, nowMs);
        if (e != null) {
            asString(e);
        }
        return e;
    }

    public static StringValue asString(Entry e) {
        if (e.value instanceof StringValue s) {
            return s;
        }
        throw new CommandException(WRONGTYPE);
    }

    /** INCRBY and friends: the new value. */
    public static long incrBy(RedisShard shard, byte[] key, long delta, long nowMs) {
        Entry e = writable(shard, key, nowMs);
        long current = 0;
        if (e != null) {
            Long parsed = Numbers.parseLong(((StringValue) e.value).bytes());
            if (parsed == null) {
                throw new CommandException(NOT_INTEGER);
            }
            current = parsed;
        }
        if (delta < 0 && current < 0 && delta < Long.MIN_VALUE - current
            || delta > 0 && current > 0 && delta > Long.MAX_VALUE - current) {
            throw new CommandException(OVERFLOW);
        }
        long result = current + delta;
        StringValue value = StringValue.of(result);
        if (e == null) {
            shard.put(key, value, -1, nowMs);
        } else {
            shard.replace(e, value);
        }
        return result;
    }

    /** INCRBYFLOAT: the new value's bytes as stored. */
    public static byte[] incrByFloat(RedisShard shard, byte[] key, byte[] increment, long nowMs) {
        Entry e = writable(shard, key, nowMs);
        byte[] current = e == null ? new byte[] {'0'} : ((StringValue) e.value).bytes();
        byte[] result = addLongDouble(current, increment);
        if (e == null) {
            shard.put(key, new StringValue(result), -1, nowMs);
        } else {
            shard.replace(e, new StringValue(result));
        }
        return result;
    }

    /** {@code current + increment} in long double, formatted as Redis stores it; errors as Redis words them. */
    public static byte[] addLongDouble(byte[] current, byte[] increment) {
        boolean[] infinite = new boolean[1];
        java.math.BigDecimal a = Numbers.parseLongDouble(current, infinite);
        if (a == null && !infinite[0]) {
            throw new CommandException(NOT_FLOAT);
        }
        boolean[] incInfinite = new boolean[1];
        java.math.BigDecimal b = Numbers.parseLongDouble(increment, incInfinite);
        if (b == null && !incInfinite[0]) {
            throw new CommandException(NOT_FLOAT);
        }
        if (infinite[0] || incInfinite[0]) {
            throw new CommandException("ERR increment would produce NaN or Infinity");
        }
        boolean[] overflow = new boolean[1];
        java.math.BigDecimal sum = Numbers.roundExtended(a.add(b), overflow);
        if (sum == null) {
            throw new CommandException("ERR increment would produce NaN or Infinity");
        }
        return Numbers.formatLongDouble(sum);
    }
}
