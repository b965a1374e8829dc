package io.kronotop.server.protocol;

import java.util.Arrays;

/**
 * A view of one argument's bytes as a range of an array, handed out by {@link RespArgs#arg(int)} without
 * allocating: for lookups (hashing, comparing) that need an array but not a copy of their own. The array is not
 * the caller's: it may be the request's own heap buffer or its reusable scratch, so the view is valid only until
 * the next {@code arg} call on the same request and must never be stored or written. Event-loop thread only.
 */
public final class ArgBytes {
    private byte[] array;
    private int offset;
    private int length;

    void set(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** The array holding the bytes; read only, and only in [{@link #offset()}, offset + {@link #length()}). */
    public byte[] array() {
        return array;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** The bytes in a new array of their own, for keeping. */
    public byte[] copy() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }
}
