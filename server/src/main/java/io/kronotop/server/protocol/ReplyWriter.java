package io.kronotop.server.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Encodes replies straight into a target {@link ByteBuf}, in RESP2 or RESP3 as the connection negotiated.
 * Types that RESP2 lacks are written as their RESP2 equivalents (map as a flat array of 2n, set and push
 * as arrays, null as a null bulk or null array, double and big number as bulk strings, boolean as 0/1).
 * One per connection, reused; event-loop thread only. It never flushes.
 */
public final class ReplyWriter {
    // STUB: the protocol work fills this in.

    /** Points the writer at the buffer that receives the next replies. */
    public ReplyWriter target(ByteBuf out) {
        throw new UnsupportedOperationException();
    }

    public ByteBuf target() {
        throw new UnsupportedOperationException();
    }

    /** 2 or 3. */
    public void protocol(int version) {
        throw new UnsupportedOperationException();
    }

    public int protocol() {
        throw new UnsupportedOperationException();
    }

    /** {@code +OK}. */
    public void ok() {
        throw new UnsupportedOperationException();
    }

    /** {@code +text}; text must not contain CR or LF. */
    public void simpleString(String text) {
        throw new UnsupportedOperationException();
    }

    public void simpleString(byte[] text) {
        throw new UnsupportedOperationException();
    }

    /**
     * {@code -<text>}, where text starts with the error code, e.g. {@code "ERR syntax error"} or
     * {@code "WRONGTYPE Operation ..."}; CR and LF in it are replaced by spaces.
     */
    public void error(String text) {
        throw new UnsupportedOperationException();
    }

    /** A pre-encoded error line without the leading '-' and the trailing CRLF. */
    public void error(byte[] text) {
        throw new UnsupportedOperationException();
    }

    public void integer(long value) {
        throw new UnsupportedOperationException();
    }

    public void bulk(byte[] value) {
        throw new UnsupportedOperationException();
    }

    /** A bulk string from {@code length} bytes of {@code src} starting at {@code index}; src is not consumed. */
    public void bulk(ByteBuf src, int index, int length) {
        throw new UnsupportedOperationException();
    }

    /** A bulk string with the UTF-8 bytes of {@code value}. */
    public void bulk(String value) {
        throw new UnsupportedOperationException();
    }

    /** Decimal digits of {@code value} as a bulk string. */
    public void bulk(long value) {
        throw new UnsupportedOperationException();
    }

    /** RESP2 {@code $-1}, RESP3 {@code _}. */
    public void nullBulk() {
        throw new UnsupportedOperationException();
    }

    /** RESP2 {@code *-1}, RESP3 {@code _}. */
    public void nullArray() {
        throw new UnsupportedOperationException();
    }

    public void arrayHeader(int count) {
        throw new UnsupportedOperationException();
    }

    /** RESP3 {@code %count}; RESP2 {@code *(2*count)}. Followed by count key/value pairs. */
    public void mapHeader(int count) {
        throw new UnsupportedOperationException();
    }

    /** RESP3 {@code ~count}; RESP2 {@code *count}. */
    public void setHeader(int count) {
        throw new UnsupportedOperationException();
    }

    /** RESP3 {@code >count}; RESP2 {@code *count}. */
    public void pushHeader(int count) {
        throw new UnsupportedOperationException();
    }

    /** RESP3 {@code ,value}; RESP2 a bulk string. Formatted as Redis does (17 significant digits, inf/-inf/nan). */
    public void doubleValue(double value) {
        throw new UnsupportedOperationException();
    }

    /** RESP3 {@code #t}/{@code #f}; RESP2 the integer 1/0. */
    public void bool(boolean value) {
        throw new UnsupportedOperationException();
    }

    /** RESP3 {@code =len\r\nfmt:text}; RESP2 a bulk string of text. {@code format} is three characters, e.g. "txt". */
    public void verbatim(String format, String text) {
        throw new UnsupportedOperationException();
    }

    /** RESP3 {@code (digits}; RESP2 a bulk string. */
    public void bigNumber(String digits) {
        throw new UnsupportedOperationException();
    }
}
