package io.kronotop.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes client requests (RESP arrays of bulk strings, and inline command lines) from the byte stream
 * into a reused {@link RespArgs} flyweight and hands each to a {@link RequestSink}, in order, without
 * allocating an object per request. Resumable: input may arrive split at any byte. Pooled direct buffers.
 * Every client-declared size is checked against {@link ProtocolLimits} before anything is allocated.
 *
 * <h2>Placement and events</h2>
 * First inbound handler of the pipeline, one instance per channel (not sharable). It consumes the
 * {@link ByteBuf}s it reads and passes every other event (read complete, inactive, exceptions, user events,
 * and non-{@code ByteBuf} messages) on unchanged.
 *
 * <h2>Parsing</h2>
 * It follows Redis's {@code processMultibulkBuffer} and {@code processInlineBuffer}: a request starting with
 * {@code *} is an array of bulk strings, anything else an inline line split with {@code sdssplitargs} rules.
 * Like Redis it treats the byte after a header's CR, and the two bytes after a bulk payload, as the line end
 * without checking them. {@code *0} and negative counts, and empty inline lines, are skipped. On a protocol
 * error the sink gets {@link RequestSink#onProtocolError} once, with Redis's words; all buffered and later input
 * is discarded and nothing more is delivered. One deliberate difference: Redis looks for line ends with
 * {@code strchr}, so a NUL byte in a header or inline line makes it wait for more input; here a NUL is an
 * ordinary byte of a header (which then fails to parse) and ends an inline line's arguments, as it does in
 * {@code sdssplitargs}. "Too big" errors, as in Redis, depend on how much has arrived without a line end.
 *
 * <h2>Memory</h2>
 * Input is copied into one pooled direct cumulation buffer taken from the channel's allocator; it grows with
 * the bytes actually received, never with a declared length, and argument arrays grow as arguments arrive.
 * A large bulk arriving in many reads is not rescanned: the decoder only waits for its byte count. Memory a
 * handler still views through {@link RespArgs#retainedSlice(int)} is never compacted or reused: when the
 * cumulation is shared (reference count above one) the unread tail moves to a fresh buffer instead.
 * Everything is released on {@code channelInactive} and {@code handlerRemoved}.
 *
 * <h2>Pause and resume</h2>
 * A command that completes asynchronously, or blocks only its own connection, calls {@link #pause()} from
 * inside {@link RequestSink#onRequest}; later, on the event loop, {@link #resume(ChannelHandlerContext)}
 * continues with the requests already buffered.
 *
 * <p>Event-loop thread only.
 */
public final class RespDecoder extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RespDecoder.class);

    /** Smallest cumulation buffer allocated. */
    private static final int MIN_CUMULATION_BYTES = 1024;
    /** A fully consumed cumulation at most this large is kept for the next read; a larger one is released. */
    private static final int KEEP_CUMULATION_BYTES = 64 * 1024;
    private static final int MAX_CAPACITY = Integer.MAX_VALUE;

    static final int UNAUTHENTICATED_MAX_ARGS = 10;
    static final int UNAUTHENTICATED_MAX_BULK_BYTES = 16384;
    /** The look-ahead scan stops at a request with more arguments than this (not a single-key command). */
    private static final int LOOK_AHEAD_MAX_ARGS = 16;
    /** ... or at a bulk string declared longer than this. */
    private static final int LOOK_AHEAD_MAX_BULK = 1 << 26;

    private static final int ST_START = 0;
    private static final int ST_MULTIBULK_HEADER = 1;
    private static final int ST_BULK_HEADER = 2;
    private static final int ST_BULK_BODY = 3;
    private static final int ST_INLINE = 4;
    private static final int ST_FAILED = 5;
    private static final int ST_CLOSED = 6;

    private final ProtocolLimits limits;
    private final RequestSink sink;
    private final RespArgs args = new RespArgs();
    private final InlineSplitter inlineSplitter = new InlineSplitter();
    private final long[] number = new long[1];
    private final DigitsProcessor digits = new DigitsProcessor();
    private final int[] aheadOffsets = new int[RequestSink.MAX_LOOK_AHEAD];
    private final int[] aheadLengths = new int[RequestSink.MAX_LOOK_AHEAD];

    private ChannelHandlerContext context;
    /** Input not yet handed over; its reader index is the start of the first request not yet delivered. */
    private ByteBuf cumulation;
    private int state = ST_START;
    /** Next byte to parse (absolute index in cumulation). */
    private int position;
    /** Where the search for the current line's end resumes, so a line arriving in pieces is scanned once. */
    private int lineScan;
    /** Bulk strings still expected in the current array. */
    private int remaining;
    /** Length of the bulk string being read. */
    private int bulkLength;

    /** Tighter bounds for a client that has not authenticated yet (Redis's, see {@link #unauthenticated}). */
    private boolean unauthenticated;
    private boolean paused;
    private boolean decoding;
    private boolean releasePending;

    public RespDecoder(ProtocolLimits limits, RequestSink sink) {
        this.limits = limits;
        this.sink = sink;
    }

    /**
     * While true, a request may declare at most {@value #UNAUTHENTICATED_MAX_ARGS} arguments of at most
     * {@value #UNAUTHENTICATED_MAX_BULK_BYTES} bytes each, as Redis bounds clients that have not yet sent AUTH, so an
     * anonymous peer cannot make the server buffer large frames. Event-loop thread only.
     */
    public void unauthenticated(boolean value) {
        unauthenticated = value;
    }

    /**
     * Stops delivering requests: the request being delivered is the last one until {@link #resume}. Also
     * stops reading from the socket ({@code setAutoRead(false)}), so that the input buffered meanwhile stays
     * bounded by what was already in flight. Meant to be called from inside {@link RequestSink#onRequest};
     * event-loop thread only. Idempotent.
     */
    public void pause() {
        assert context == null || context.executor().inEventLoop();
        paused = true;
        if (context != null) {
            context.channel().config().setAutoRead(false);
        }
    }

    /** True between {@link #pause()} and {@link #resume}. */
    public boolean paused() {
        return paused;
    }

    /**
     * Continues after {@link #pause()}: delivers the requests already buffered (until one of them pauses again),
     * then re-enables reading from the socket ({@code setAutoRead(true)}). When it delivered at least one request
     * it fires {@code channelReadComplete} from the decoder's position in the pipeline, so that the handlers after
     * it flush the replies written meanwhile, as after a normal read. Requests are delivered with the decoder's
     * own context whatever {@code ctx} is passed (any context of the channel will do). Event-loop thread only;
     * may be called from inside {@link RequestSink#onRequest}, in which case the decoding already in progress
     * simply carries on. Does nothing when not paused, or after a protocol error or the channel closed.
     */
    public void resume(ChannelHandlerContext ctx) {
        assert ctx.executor().inEventLoop();
        if (!paused) {
            return;
        }
        paused = false;
        ChannelHandlerContext own = context != null ? context : ctx;
        if (decoding) {
            own.channel().config().setAutoRead(true);
            return;
        }
        if (state == ST_CLOSED || state == ST_FAILED) {
            return;
        }
        int delivered = decode(own);
        if (!paused && state != ST_CLOSED && state != ST_FAILED) {
            own.channel().config().setAutoRead(true);
        }
        if (delivered > 0 && state != ST_CLOSED) {
            own.fireChannelReadComplete();
        }
    }

    /** Bytes received and not yet delivered (Redis's {@code qbuf} in CLIENT LIST). */
    public int bufferedBytes() {
        ByteBuf cum = cumulation;
        return cum == null ? 0 : cum.readableBytes();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        close();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (state == ST_FAILED || state == ST_CLOSED) {
                return;
            }
            append(ctx, in);
            if (paused) {
                // Another handler may have turned reading back on (e.g. on writability): keep memory bounded.
                ctx.channel().config().setAutoRead(false);
            }
        } finally {
            in.release();
        }
        if (!paused && !decoding) {
            decode(ctx);
        }
    }

    // ---- buffer management ----

    private void append(ChannelHandlerContext ctx, ByteBuf in) {
        int incoming = in.readableBytes();
        if (incoming == 0) {
            return;
        }
        ByteBuf cum = cumulation;
        if (cum == null) {
            cum = ctx.alloc().directBuffer(Math.max(incoming, MIN_CUMULATION_BYTES));
            cumulation = cum;
            position = 0;
            lineScan = 0;
        } else if (cum.writableBytes() < incoming) {
            makeRoom(ctx, cum, incoming);
            cum = cumulation;
        }
        cum.writeBytes(in, in.readerIndex(), incoming);
    }

    /** Makes room for {@code incoming} more bytes, without touching memory a retained slice may view. */
    private void makeRoom(ChannelHandlerContext ctx, ByteBuf cum, int incoming) {
        int readerIndex = cum.readerIndex();
        int unread = cum.readableBytes();
        if (!decoding && cum.refCnt() == 1) {
            // Sole owner: compact in place, then grow if still needed.
            if (readerIndex > 0) {
                cum.discardReadBytes();
                rebase(cum, readerIndex);
            }
            cum.ensureWritable(incoming);
            return;
        }
        // Shared with retained slices (or in use by a delivery in progress): leave the old memory as it is.
        int needed = unread + incoming;
        if (needed < 0) {
            throw new IllegalStateException("cumulation overflow");
        }
        int capacity = ctx.alloc().calculateNewCapacity(Math.max(needed, MIN_CUMULATION_BYTES), MAX_CAPACITY);
        ByteBuf fresh = ctx.alloc().directBuffer(capacity);
        fresh.writeBytes(cum, readerIndex, unread);
        if (decoding && retiredDuringDecode == null) {
            // The request being delivered still points into the old buffer: keep it alive until it returns.
            retiredDuringDecode = cum;
        } else {
            cum.release();
        }
        cumulation = fresh;
        rebase(fresh, readerIndex);
    }

    /** A cumulation replaced while a request pointing into it was being delivered; released afterwards. */
    private ByteBuf retiredDuringDecode;

    private void rebase(ByteBuf buf, int delta) {
        position -= delta;
        lineScan -= delta;
        if (state == ST_MULTIBULK_HEADER || state == ST_BULK_HEADER || state == ST_BULK_BODY) {
            args.rebase(buf, delta);
        }
    }

    /** After a decode pass: drop consumed bytes when cheap, release large or shared buffers. */
    private void tidy() {
        ByteBuf cum = cumulation;
        if (cum == null || cum.isReadable()) {
            return;
        }
        if (cum.refCnt() == 1 && cum.capacity() <= KEEP_CUMULATION_BYTES) {
            cum.clear();
            position = 0;
            lineScan = 0;
        } else {
            cumulation = null;
            cum.release();
        }
    }

    private void close() {
        if (decoding) {
            releasePending = true;
            return;
        }
        state = ST_CLOSED;
        paused = false;
        releaseBuffers();
    }

    /** Releases a cumulation replaced during a delivery, once no request points into it any more. */
    private void releaseRetired() {
        if (retiredDuringDecode != null) {
            ByteBuf old = retiredDuringDecode;
            retiredDuringDecode = null;
            old.release();
        }
    }

    private void releaseBuffers() {
        args.clear();
        if (cumulation != null) {
            ByteBuf cum = cumulation;
            cumulation = null;
            cum.release();
        }
        releaseRetired();
        inlineSplitter.release();
    }

    // ---- decoding ----

    /** Delivers complete requests until input runs out, a request pauses, or an error; returns how many. */
    private int decode(ChannelHandlerContext ctx) {
        int delivered = 0;
        int lookedAheadTo = -1;
        decoding = true;
        try {
            while (!paused && !releasePending && state != ST_FAILED && state != ST_CLOSED && cumulation != null) {
                int start = state == ST_START ? position : -1;
                if (!parseRequest(ctx)) {
                    break;
                }
                delivered++;
                if (start >= 0 && start >= lookedAheadTo && !unauthenticated
                        && position < cumulation.writerIndex()) {
                    // More requests wait behind this one (a pipeline): let the sink warm what they will read. Not
                    // for a client that has yet to authenticate: its requests will not touch the keyspace.
                    lookedAheadTo = lookAhead(cumulation, start);
                }
                try {
                    sink.onRequest(ctx, args);
                } catch (RuntimeException e) {
                    // A handler bug must not stall the requests already buffered: report it down the pipeline
                    // (where the connection handler usually closes the channel) and carry on if still open.
                    ctx.fireExceptionCaught(e);
                }
                releaseRetired();
                if (!ctx.channel().isActive()) {
                    break; // closed by the handler (QUIT, or an error): deliver nothing more
                }
            }
        } finally {
            decoding = false;
            releaseRetired();
            if (releasePending) {
                releasePending = false;
                state = ST_CLOSED;
                paused = false;
                releaseBuffers();
            } else {
                tidy();
            }
        }
        return delivered;
    }

    /**
     * Finds the second argument (the key, for most commands) of each complete RESP array request buffered from
     * {@code from} on, up to {@link RequestSink#MAX_LOOK_AHEAD} of them, and hands them to
     * {@link RequestSink#lookAhead} when there are at least two. A quick scan over bytes already received, not
     * the parser: it stops at anything unusual (inline requests, signs, a request of more than
     * {@value #LOOK_AHEAD_MAX_ARGS} arguments, a request not complete yet), and the parser alone decides what
     * the input means. Returns where the scan stopped.
     */
    private int lookAhead(ByteBuf cum, int from) {
        int end = cum.writerIndex();
        int[] offsets = aheadOffsets;
        int[] lengths = aheadLengths;
        int p = from;
        int n = 0;
        scan:
        while (n < RequestSink.MAX_LOOK_AHEAD && p < end && cum.getByte(p) == '*') {
            int count = 0;
            int q = p + 1;
            for (byte b; q < end && (b = cum.getByte(q)) != '\r'; q++) {
                if (b < '0' || b > '9' || count > LOOK_AHEAD_MAX_ARGS) {
                    break scan;
                }
                count = count * 10 + (b - '0');
            }
            if (count < 2 || count > LOOK_AHEAD_MAX_ARGS) {
                break;
            }
            q += 2;
            for (int a = 0; a < count; a++) {
                if (q >= end || cum.getByte(q) != '$') {
                    break scan;
                }
                int length = 0;
                for (byte b; ++q < end && (b = cum.getByte(q)) != '\r'; ) {
                    if (b < '0' || b > '9' || length > LOOK_AHEAD_MAX_BULK) {
                        break scan;
                    }
                    length = length * 10 + (b - '0');
                }
                q += 2;
                if ((long) q + length + 2 > end) {
                    break scan;
                }
                if (a == 1) {
                    offsets[n] = q;
                    lengths[n] = length;
                }
                q += length + 2;
            }
            n++;
            p = q;
        }
        if (n > 1) {
            sink.lookAhead(cum, offsets, lengths, n);
        }
        return p;
    }

    /**
     * Parses from {@link #position}; returns true when {@link #args} holds a complete request (the cumulation's
     * reader index then already points past it), false when more input is needed or the input failed.
     */
    private boolean parseRequest(ChannelHandlerContext ctx) {
        ByteBuf cum = cumulation;
        int end = cum.writerIndex();
        for (;;) {
            switch (state) {
                case ST_START -> {
                    if (position >= end) {
                        return false;
                    }
                    lineScan = position;
                    if (cum.getByte(position) == '*') {
                        args.reset(cum, false);
                        state = ST_MULTIBULK_HEADER;
                    } else {
                        state = ST_INLINE;
                    }
                }
                case ST_MULTIBULK_HEADER -> {
                    int cr = fastHeader(cum, end, '*');
                    if (cr < 0) {
                        cr = cum.indexOf(lineScan, end, (byte) '\r');
                        if (cr < 0) {
                            lineScan = end;
                            if (end - position > limits.maxInlineBytes()) {
                                return fail(ctx, "too big mbulk count string");
                            }
                            return false;
                        }
                        lineScan = cr;
                        if (cr + 1 >= end) {
                            return false; // the byte after CR (LF) has not arrived
                        }
                        if (!RespNumbers.tryParseLong(cum, position + 1, cr, number, 0)) {
                            return fail(ctx, "invalid multibulk length");
                        }
                    }
                    if (number[0] > limits.maxMultibulkLength()) {
                        return fail(ctx, "invalid multibulk length");
                    }
                    if (unauthenticated && number[0] > UNAUTHENTICATED_MAX_ARGS) {
                        return fail(ctx, "unauthenticated multibulk length");
                    }
                    position = cr + 2;
                    if (number[0] <= 0) {
                        cum.readerIndex(position);
                        state = ST_START;
                    } else {
                        remaining = (int) number[0];
                        lineScan = position;
                        state = ST_BULK_HEADER;
                    }
                }
                case ST_BULK_HEADER -> {
                    int cr = fastHeader(cum, end, '$');
                    if (cr < 0) {
                        cr = cum.indexOf(lineScan, end, (byte) '\r');
                        if (cr < 0) {
                            lineScan = end;
                            if (end - position > limits.maxInlineBytes()) {
                                return fail(ctx, "too big bulk count string");
                            }
                            return false;
                        }
                        lineScan = cr;
                        if (cr + 1 >= end) {
                            return false;
                        }
                        byte first = cum.getByte(position);
                        if (first != '$') {
                            return fail(ctx, "expected '$', got '" + (char) (first & 0xFF) + "'");
                        }
                        if (!RespNumbers.tryParseLong(cum, position + 1, cr, number, 0) || number[0] < 0) {
                            return fail(ctx, "invalid bulk length");
                        }
                    }
                    if (number[0] > limits.maxBulkBytes()) {
                        return fail(ctx, "invalid bulk length");
                    }
                    if (unauthenticated && number[0] > UNAUTHENTICATED_MAX_BULK_BYTES) {
                        return fail(ctx, "unauthenticated bulk length");
                    }
                    bulkLength = (int) number[0];
                    position = cr + 2;
                    state = ST_BULK_BODY;
                }
                case ST_BULK_BODY -> {
                    if ((long) end - position < (long) bulkLength + 2) {
                        return false;
                    }
                    args.add(position, bulkLength);
                    position += bulkLength + 2;
                    if (--remaining == 0) {
                        cum.readerIndex(position);
                        lineScan = position;
                        state = ST_START;
                        return true;
                    }
                    lineScan = position;
                    state = ST_BULK_HEADER;
                }
                case ST_INLINE -> {
                    int lf = cum.indexOf(lineScan, end, (byte) '\n');
                    if (lf < 0) {
                        lineScan = end;
                        if (end - position > limits.maxInlineBytes()) {
                            return fail(ctx, "too big inline request");
                        }
                        return false;
                    }
                    int lineEnd = lf;
                    if (lineEnd > position && cum.getByte(lineEnd - 1) == '\r') {
                        lineEnd--;
                    }
                    if (!inlineSplitter.split(ctx, cum, position, lineEnd, args)) {
                        return fail(ctx, "unbalanced quotes in request");
                    }
                    position = lf + 1;
                    cum.readerIndex(position);
                    lineScan = position;
                    state = ST_START;
                    if (args.count() > 0) {
                        return true;
                    }
                }
                default -> {
                    return false;
                }
            }
        }
    }

    /**
     * The common case in one pass: {@code <prefix><1 to 18 digits, no leading zero>\r} plus one more byte, all
     * present at {@link #position}. Returns the index of the CR with the value in {@code number[0]}, or -1 when the
     * line is anything else (incomplete, signed, malformed, long), which the general path then handles with
     * exactly Redis's semantics.
     */
    private int fastHeader(ByteBuf cum, int end, char prefix) {
        int p = position;
        int limit = Math.min(end - 1, p + 20); // the CR must have a byte after it; at most 18 digits
        if (p + 2 >= limit || cum.getByte(p) != prefix) {
            return -1;
        }
        DigitsProcessor digits = this.digits;
        digits.reset();
        int cr = cum.forEachByte(p + 1, limit - p - 1, digits);
        if (cr < 0 || digits.malformed || digits.count == 0) {
            return -1; // incomplete, "01", signs, garbage: the general path decides
        }
        number[0] = digits.value;
        return cr;
    }

    /** Accumulates plain decimal digits up to a CR, for {@link #fastHeader}; one per decoder, reused. */
    private static final class DigitsProcessor implements ByteProcessor {
        long value;
        int count;
        boolean malformed;

        void reset() {
            value = 0;
            count = 0;
            malformed = false;
        }

        @Override
        public boolean process(byte b) {
            if (b == '\r') {
                return false;
            }
            if (b < '0' || b > '9' || (count == 1 && value == 0)) {
                malformed = true;
                return false;
            }
            value = value * 10 + (b - '0');
            count++;
            return true;
        }
    }

    private boolean fail(ChannelHandlerContext ctx, String message) {
        state = ST_FAILED;
        paused = false;
        releaseBuffers();
        if (LOG.isDebugEnabled()) {
            LOG.debug("Protocol error from {}: {}", ctx.channel().remoteAddress(), message);
        }
        sink.onProtocolError(ctx, message);
        return false;
    }
}
