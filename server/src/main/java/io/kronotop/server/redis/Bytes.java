package io.kronotop.server.redis;

import java.util.Arrays;

/** A byte array with value equality, for map keys (hash fields). The array must not change once wrapped. */
public record Bytes(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Bytes[" + bytes.length + "]";
    }
}
