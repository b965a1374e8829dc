package io.kronotop.perf.resp;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

import java.nio.charset.StandardCharsets;

/**
 * A resumable RESP2/RESP3 reply parser that counts replies without materialising them.
 *
 * <p>It consumes whole header lines and skips bulk payloads as they arrive, so a reply may be split at
 * any byte and a large bulk string is never buffered. Only error texts are turned into strings. Aggregates
 * (arrays, sets, maps, pushes, attributes) are tracked with a stack of remaining element counts; the
 * declared counts are never used to size anything. Attributes ({@code |}) are skipped and do not count as
 * a reply; top-level pushes ({@code >}) are reported separately.
 *
 * <p>Owner: one connection's event-loop thread.
 */
public final class RespReplyParser {
    /** Nesting deeper than this is treated as a protocol error. */
    public static final int MAX_DEPTH = 64;
    /** A header line (or an inline error) longer than this is a protocol error. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    /** Largest bulk length accepted (Redis's proto-max-bulk-len default). */
    public static final long MAX_BULK_BYTES = 512L * 1024 * 1024;
    /** Blob errors are buffered to read their text; cap them. */
    static final int MAX_BLOB_ERROR_BYTES = 64 * 1024;

    private static final byte KIND_AGGREGATE = 0;
    private static final byte KIND_ATTRIBUTE = 1;

    private final long[] remaining = new long[MAX_DEPTH];
    private final byte[] kinds = new byte[MAX_DEPTH];
    private int depth;
    /** Bytes of the current bulk payload plus its CRLF still to skip; 0 when not inside a bulk. */
    private long bulkRemaining;
    private boolean topIsPush;
    private String topError;
    private boolean failed;

    /**
     * Consumes as much of {@code in} as forms complete elements, calling {@code listener} once per complete
     * top-level reply. Bytes of an incomplete header line are left in {@code in} for the next call.
     *
     * @return the number of top-level events delivered (replies, errors and pushes)
     * @throws RespProtocolException on malformed input; the connection should then be closed, and later
     *                               calls discard their input
     */
    public int parse(ByteBuf in, ReplyListener listener) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return 0;
        }
        try {
            return parseElements(in, listener);
        } catch (RespProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private int parseElements(ByteBuf in, ReplyListener listener) {
        int events = 0;
        while (true) {
            if (bulkRemaining > 0) {
                int skip = (int) Math.min(bulkRemaining, in.readableBytes());
                int ri = in.readerIndex();
                for (long o = Math.max(0, bulkRemaining - 2); o < skip; o++) {
                    byte expected = bulkRemaining - o == 2 ? (byte) '\r' : (byte) '\n';
                    if (in.getByte(ri + (int) o) != expected) {
                        throw new RespProtocolException("bulk payload not terminated by CRLF");
                    }
                }
                in.skipBytes(skip);
                bulkRemaining -= skip;
                if (bulkRemaining > 0) {
                    return events;
                }
                events += elementDone(listener);
                continue;
            }
            int start = in.readerIndex();
            int readable = in.readableBytes();
            if (readable == 0) {
                return events;
            }
            int lf = in.forEachByte(start, readable, ByteProcessor.FIND_LF);
            if (lf < 0) {
                if (readable > MAX_LINE_BYTES) {
                    throw new RespProtocolException("header line longer than " + MAX_LINE_BYTES + " bytes");
                }
                return events;
            }
            if (lf == start || in.getByte(lf - 1) != '\r') {
                throw new RespProtocolException("line not terminated by CRLF");
            }
            byte type = in.getByte(start);
            int bodyStart = start + 1;
            int bodyEnd = lf - 1;
            switch (type) {
                case '+', ':', ',', '#', '(', '_' -> {
                    in.readerIndex(lf + 1);
                    events += elementDone(listener);
                }
                case '-' -> {
                    in.readerIndex(lf + 1);
                    if (depth == 0) {
                        topError = in.toString(bodyStart, bodyEnd - bodyStart, StandardCharsets.UTF_8);
                    }
                    events += elementDone(listener);
                }
                case '$', '=' -> {
                    long len = parseLength(in, bodyStart, bodyEnd);
                    in.readerIndex(lf + 1);
                    if (len < 0) {
                        events += elementDone(listener);
                    } else {
                        checkBulk(len);
                        bulkRemaining = len + 2;
                    }
                }
                case '!' -> {
                    long len = parseLength(in, bodyStart, bodyEnd);
                    if (len < 0 || len > MAX_BLOB_ERROR_BYTES) {
                        throw new RespProtocolException("bad blob error length " + len);
                    }
                    int payloadStart = lf + 1;
                    if (in.writerIndex() - payloadStart < len + 2) {
                        return events; // wait for the whole blob error; it is small
                    }
                    if (depth == 0) {
                        topError = in.toString(payloadStart, (int) len, StandardCharsets.UTF_8);
                    }
                    in.readerIndex(payloadStart + (int) len + 2);
                    events += elementDone(listener);
                }
                case '*', '~', '>' -> {
                    long n = parseLength(in, bodyStart, bodyEnd);
                    in.readerIndex(lf + 1);
                    if (type == '>' && depth == 0) {
                        topIsPush = true;
                    }
                    if (n <= 0) {
                        events += elementDone(listener);
                    } else {
                        push(n, KIND_AGGREGATE);
                    }
                }
                case '%', '|' -> {
                    long n = parseLength(in, bodyStart, bodyEnd);
                    if (n < 0) {
                        throw new RespProtocolException("negative map length");
                    }
                    in.readerIndex(lf + 1);
                    if (n == 0) {
                        if (type == '%') {
                            events += elementDone(listener);
                        }
                    } else {
                        push(2 * n, type == '|' ? KIND_ATTRIBUTE : KIND_AGGREGATE);
                    }
                }
                default -> throw new RespProtocolException("unknown RESP type byte 0x" + Integer.toHexString(type & 0xff));
            }
        }
    }

    /** True when no reply is partially parsed. */
    public boolean idle() {
        return depth == 0 && bulkRemaining == 0;
    }

    private void push(long count, byte kind) {
        if (depth == MAX_DEPTH) {
            throw new RespProtocolException("nesting deeper than " + MAX_DEPTH);
        }
        remaining[depth] = count;
        kinds[depth] = kind;
        depth++;
    }

    /** Marks one element complete and pops finished aggregates; returns 1 when a top-level event fired. */
    private int elementDone(ReplyListener listener) {
        while (depth > 0) {
            int top = depth - 1;
            if (--remaining[top] > 0) {
                return 0;
            }
            depth--;
            if (kinds[top] == KIND_ATTRIBUTE) {
                return 0; // an attribute annotates the next value and is not an element itself
            }
        }
        String error = topError;
        boolean push = topIsPush;
        topError = null;
        topIsPush = false;
        if (push) {
            listener.onPush();
        } else if (error != null) {
            listener.onError(error);
        } else {
            listener.onReply();
        }
        return 1;
    }

    private static void checkBulk(long len) {
        if (len > MAX_BULK_BYTES) {
            throw new RespProtocolException("bulk length " + len + " over " + MAX_BULK_BYTES);
        }
    }

    private static long parseLength(ByteBuf in, int from, int to) {
        if (from >= to) {
            throw new RespProtocolException("empty length");
        }
        boolean negative = in.getByte(from) == '-';
        int i = negative ? from + 1 : from;
        if (i >= to || to - i > 18) {
            throw new RespProtocolException("bad length");
        }
        long value = 0;
        for (; i < to; i++) {
            int d = in.getByte(i) - '0';
            if (d < 0 || d > 9) {
                throw new RespProtocolException("bad length");
            }
            value = value * 10 + d;
        }
        if (negative) {
            if (value != 1) {
                throw new RespProtocolException("negative length other than -1");
            }
            return -1;
        }
        return value;
    }
}
