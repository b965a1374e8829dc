package io.kronotop.server.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A flyweight over one decoded request: its arguments are (offset, length) pairs into the decoder's
 * buffer, with no copy. Argument 0 is the command name. Reused by the decoder for every request of a
 * connection, so it is valid only during {@link RequestSink#onRequest}. Event-loop thread only.
 */
public final class RespArgs {
    // STUB: the protocol work fills this in (fields: buffer, offsets[], lengths[], count, inline flag).

    /** Number of arguments, command name included (always at least 1). */
    public int count() {
        throw new UnsupportedOperationException();
    }

    /** Byte length of argument {@code i}. */
    public int length(int i) {
        throw new UnsupportedOperationException();
    }

    /** True when the request came as an inline command line rather than a RESP array. */
    public boolean inline() {
        throw new UnsupportedOperationException();
    }

    /** Byte {@code j} of argument {@code i}. */
    public byte byteAt(int i, int j) {
        throw new UnsupportedOperationException();
    }

    /**
     * ASCII case-insensitive comparison of argument {@code i} with {@code upperAscii}, which must already
     * be upper-case ASCII (e.g. a constant {@code "EX".getBytes(US_ASCII)}). No allocation.
     */
    public boolean equalsIgnoreCase(int i, byte[] upperAscii) {
        throw new UnsupportedOperationException();
    }

    /** Argument {@code i} equals {@code bytes} exactly. No allocation. */
    public boolean contentEquals(int i, byte[] bytes) {
        throw new UnsupportedOperationException();
    }

    /** A new array with the bytes of argument {@code i}. */
    public byte[] bytes(int i) {
        throw new UnsupportedOperationException();
    }

    /** Argument {@code i} decoded as UTF-8 (allocates; not for hot paths). */
    public String string(int i) {
        throw new UnsupportedOperationException();
    }

    /**
     * Parses argument {@code i} as a signed 64-bit decimal integer with Redis's rules (optional '-',
     * no '+', no leading zeros except "0", no spaces, no overflow). Returns false and leaves
     * {@code out} untouched when it is not one. No allocation.
     */
    public boolean tryParseLong(int i, long[] out, int outIndex) {
        throw new UnsupportedOperationException();
    }

    /**
     * Parses argument {@code i} as a signed 64-bit integer, or returns {@code fallback} when it is not
     * one (same rules as {@link #tryParseLong}).
     */
    public long parseLongOr(int i, long fallback) {
        throw new UnsupportedOperationException();
    }

    /** Argument {@code i} parsed as a double with Redis's rules, or NaN when it is not one. */
    public double parseDoubleOrNaN(int i) {
        throw new UnsupportedOperationException();
    }

    /** A view of argument {@code i} sharing the decoder's memory, not retained: valid only during the call. */
    public ByteBuf slice(int i) {
        throw new UnsupportedOperationException();
    }

    /** A retained view of argument {@code i}; the caller owns it and must release it. Zero copy. */
    public ByteBuf retainedSlice(int i) {
        throw new UnsupportedOperationException();
    }
}
