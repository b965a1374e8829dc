package io.kronotop.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

/**
 * Encodes replies straight into a target {@link ByteBuf}, in RESP2 or RESP3 as the connection negotiated.
 * Types that RESP2 lacks are written as their RESP2 equivalents (map as a flat array of 2n, set and push
 * as arrays, null as a null bulk or null array, double and big number as bulk strings, boolean as 0/1).
 * One per connection, reused; event-loop thread only. It never flushes.
 *
 * <p>Integers, lengths and headers are written without allocating; frequent short replies ({@code +OK},
 * {@code :0}, {@code :1}, {@code $-1}, ...) are pre-encoded; headers and small bulk strings are assembled in
 * a scratch array and written with one call. {@link #doubleValue(double)} allocates a short string for values
 * that are not integers.
 */
public final class ReplyWriter {
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] OK = ascii("+OK\r\n");
    private static final byte[] ZERO = ascii(":0\r\n");
    private static final byte[] ONE = ascii(":1\r\n");
    private static final byte[] NULL_BULK = ascii("$-1\r\n");
    private static final byte[] NULL_ARRAY = ascii("*-1\r\n");
    private static final byte[] NULL3 = ascii("_\r\n");
    private static final byte[] TRUE3 = ascii("#t\r\n");
    private static final byte[] FALSE3 = ascii("#f\r\n");
    private static final byte[] EMPTY_ARRAY = ascii("*0\r\n");
    /** Bulk strings up to this size are copied once into the scratch array rather than written in three calls. */
    private static final int SMALL_BULK_BYTES = 256;

    private ByteBuf out;
    private int protocol = 2;
    private final byte[] doubleScratch = new byte[DoubleFormat.MAX_CHARS];
    /** Headers and small bulk strings are assembled here, then written with one call. */
    private final byte[] scratch = new byte[SMALL_BULK_BYTES + 32];

    /** Points the writer at the buffer that receives the next replies. */
    public ReplyWriter target(ByteBuf out) {
        this.out = out;
        return this;
    }

    public ByteBuf target() {
        return out;
    }

    /** 2 or 3. */
    public void protocol(int version) {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("RESP version must be 2 or 3: " + version);
        }
        this.protocol = version;
    }

    public int protocol() {
        return protocol;
    }

    /** {@code +OK}. */
    public void ok() {
        out.writeBytes(OK);
    }

    /** {@code +text}; text must not contain CR or LF. */
    public void simpleString(String text) {
        out.writeByte('+');
        writeLineText(text);
        out.writeBytes(CRLF);
    }

    public void simpleString(byte[] text) {
        out.ensureWritable(text.length + 3);
        out.writeByte('+');
        out.writeBytes(text);
        out.writeBytes(CRLF);
    }

    /**
     * {@code -<text>}, where text starts with the error code, e.g. {@code "ERR syntax error"} or
     * {@code "WRONGTYPE Operation ..."}; CR and LF in it are replaced by spaces.
     */
    public void error(String text) {
        out.writeByte('-');
        writeLineText(text);
        out.writeBytes(CRLF);
    }

    /** A pre-encoded error line without the leading '-' and the trailing CRLF. */
    public void error(byte[] text) {
        out.ensureWritable(text.length + 3);
        out.writeByte('-');
        out.writeBytes(text);
        out.writeBytes(CRLF);
    }

    public void integer(long value) {
        if (value == 0) {
            out.writeBytes(ZERO);
        } else if (value == 1) {
            out.writeBytes(ONE);
        } else {
            writeHeader(':', value);
        }
    }

    public void bulk(byte[] value) {
        bulk(value, value.length);
    }

    /** A bulk string of the first {@code length} bytes of {@code value}. */
    public void bulk(byte[] value, int length) {
        if (length <= SMALL_BULK_BYTES) {
            // Small values: header, bytes and CRLF assembled in the scratch array, one write.
            int n = putHeader('$', length);
            System.arraycopy(value, 0, scratch, n, length);
            n += length;
            scratch[n] = '\r';
            scratch[n + 1] = '\n';
            out.writeBytes(scratch, 0, n + 2);
            return;
        }
        out.ensureWritable(length + 16);
        writeHeader('$', length);
        out.writeBytes(value, 0, length);
        out.writeBytes(CRLF);
    }

    /** A bulk string from {@code length} bytes of {@code src} starting at {@code index}; src is not consumed. */
    public void bulk(ByteBuf src, int index, int length) {
        out.ensureWritable(length + 16);
        writeHeader('$', length);
        out.writeBytes(src, index, length);
        out.writeBytes(CRLF);
    }

    /** Argument {@code i} of a request as a bulk string, copied straight from the decoder's buffer (e.g. ECHO). */
    public void bulk(RespArgs args, int i) {
        bulk(args.buffer(), args.offset(i), args.length(i));
    }

    /** A bulk string with the UTF-8 bytes of {@code value}. */
    public void bulk(String value) {
        int length = ByteBufUtil.utf8Bytes(value);
        out.ensureWritable(length + 16);
        writeHeader('$', length);
        ByteBufUtil.reserveAndWriteUtf8(out, value, length);
        out.writeBytes(CRLF);
    }

    /** Decimal digits of {@code value} as a bulk string. */
    public void bulk(long value) {
        int n = putHeader('$', RespNumbers.decimalLength(value));
        n += RespNumbers.putLong(scratch, n, value);
        scratch[n] = '\r';
        scratch[n + 1] = '\n';
        out.writeBytes(scratch, 0, n + 2);
    }

    /** RESP2 {@code $-1}, RESP3 {@code _}. */
    public void nullBulk() {
        out.writeBytes(protocol == 3 ? NULL3 : NULL_BULK);
    }

    /** RESP2 {@code *-1}, RESP3 {@code _}. */
    public void nullArray() {
        out.writeBytes(protocol == 3 ? NULL3 : NULL_ARRAY);
    }

    public void arrayHeader(int count) {
        if (count == 0) {
            out.writeBytes(EMPTY_ARRAY);
        } else {
            writeHeader('*', count);
        }
    }

    /** RESP3 {@code %count}; RESP2 {@code *(2*count)}. Followed by count key/value pairs. */
    public void mapHeader(int count) {
        if (protocol == 3) {
            writeHeader('%', count);
        } else {
            writeHeader('*', 2L * count);
        }
    }

    /** RESP3 {@code ~count}; RESP2 {@code *count}. */
    public void setHeader(int count) {
        writeHeader(protocol == 3 ? '~' : '*', count);
    }

    /** RESP3 {@code >count}; RESP2 {@code *count}. */
    public void pushHeader(int count) {
        writeHeader(protocol == 3 ? '>' : '*', count);
    }

    /**
     * RESP3 {@code ,value}; RESP2 a bulk string. Formatted as Redis does (17 significant digits, inf/-inf/nan).
     * The digits are the shortest that read back as the same double; the notation is that of C's {@code %.17g}
     * (plain for decimal exponents -4 to 16, else {@code d.ddde+XX} with at least two exponent digits), so
     * 10 is {@code 10}, 3.14 is {@code 3.14}, 1e300 is {@code 1e+300} and 0.00001 is {@code 1e-05}.
     */
    public void doubleValue(double value) {
        int length = DoubleFormat.format(value, doubleScratch);
        int n;
        if (protocol == 3) {
            scratch[0] = ',';
            n = 1;
        } else {
            n = putHeader('$', length);
        }
        System.arraycopy(doubleScratch, 0, scratch, n, length);
        n += length;
        scratch[n] = '\r';
        scratch[n + 1] = '\n';
        out.writeBytes(scratch, 0, n + 2);
    }

    /** RESP3 {@code #t}/{@code #f}; RESP2 the integer 1/0. */
    public void bool(boolean value) {
        if (protocol == 3) {
            out.writeBytes(value ? TRUE3 : FALSE3);
        } else {
            out.writeBytes(value ? ONE : ZERO);
        }
    }

    /** RESP3 {@code =len\r\nfmt:text}; RESP2 a bulk string of text. {@code format} is three characters, e.g. "txt". */
    public void verbatim(String format, String text) {
        if (protocol != 3) {
            bulk(text);
            return;
        }
        if (format.length() != 3) {
            throw new IllegalArgumentException("verbatim format must be three characters: " + format);
        }
        int length = ByteBufUtil.utf8Bytes(text);
        out.ensureWritable(length + 20);
        writeHeader('=', length + 4L);
        out.writeCharSequence(format, StandardCharsets.US_ASCII);
        out.writeByte(':');
        ByteBufUtil.reserveAndWriteUtf8(out, text, length);
        out.writeBytes(CRLF);
    }

    /** RESP3 {@code (digits}; RESP2 a bulk string. */
    public void bigNumber(String digits) {
        if (protocol != 3) {
            bulk(digits);
            return;
        }
        out.writeByte('(');
        out.writeCharSequence(digits, StandardCharsets.US_ASCII);
        out.writeBytes(CRLF);
    }

    // ---- helpers ----

    /** {@code <type><value>\r\n}, assembled in the scratch array and written with one call. */
    private void writeHeader(char type, long value) {
        out.writeBytes(scratch, 0, putHeader(type, value));
    }

    /** Puts {@code <type><value>\r\n} at the start of the scratch array; returns its length. */
    private int putHeader(char type, long value) {
        byte[] s = scratch;
        s[0] = (byte) type;
        int n = 1 + RespNumbers.putLong(s, 1, value);
        s[n] = '\r';
        s[n + 1] = '\n';
        return n + 2;
    }

    /** UTF-8 text with CR and LF replaced by spaces (UTF-8 never uses those bytes inside a sequence). */
    private void writeLineText(String text) {
        int start = out.writerIndex();
        int length = ByteBufUtil.writeUtf8(out, text);
        for (int i = start; i < start + length; i++) {
            byte b = out.getByte(i);
            if (b == '\r' || b == '\n') {
                out.setByte(i, ' ');
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
