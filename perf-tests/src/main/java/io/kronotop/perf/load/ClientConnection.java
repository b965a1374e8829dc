package io.kronotop.perf.load;

import io.kronotop.perf.resp.ReplyListener;
import io.kronotop.perf.resp.RespProtocolException;
import io.kronotop.perf.resp.RespReplyParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * One TCP connection of a {@link LoadClient}: encodes requests into a pending buffer written once per
 * fill, and matches replies, in order, to the ring of requests in flight.
 *
 * <p>Owner: the client's event-loop thread. The ring holds primitives only, so steady state allocates
 * nothing but Netty's buffers.
 */
final class ClientConnection extends ByteToMessageDecoder implements ReplyListener {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

    static final byte FLAG_MEASURED = 1;
    /** HELLO or ASKING sent by the generator itself: its reply answers no workload request. */
    static final byte FLAG_INTERNAL = 2;

    private final LoadClient client;
    private final int nodeIndex;
    private final RespReplyParser parser = new RespReplyParser();
    private final int mask;
    private final int[] command;
    private final long[] key;
    private final int[] size;
    private final long[] sendNs;
    private final long[] intendedNs;
    private final byte[] flags;
    private final byte[] redirects;
    private int head;
    private int count;
    private int maxInFlight;
    private Channel channel;
    private boolean active;
    private ByteBuf pending;

    ClientConnection(LoadClient client, int nodeIndex, int pipeline) {
        this.client = client;
        this.nodeIndex = nodeIndex;
        // In flight on one connection: at most the client's pipeline, plus one ASKING per request, plus HELLO.
        int capacity = Integer.highestOneBit(Math.max(4, 2 * pipeline + 2) - 1) << 1;
        this.mask = capacity - 1;
        this.command = new int[capacity];
        this.key = new long[capacity];
        this.size = new int[capacity];
        this.sendNs = new long[capacity];
        this.intendedNs = new long[capacity];
        this.flags = new byte[capacity];
        this.redirects = new byte[capacity];
    }

    int nodeIndex() {
        return nodeIndex;
    }

    /** Requests written and not yet answered, internal ones included. */
    int inFlight() {
        return count;
    }

    /** The buffer the next request is encoded into; written to the socket by {@link #flush()}. */
    ByteBuf out() {
        if (pending == null) {
            pending = (channel != null ? channel.alloc() : ByteBufAllocator.DEFAULT).ioBuffer(1024);
        }
        return pending;
    }

    void enqueue(int cmd, long keyNumber, int valueSize, long sentNs, long intendedAtNs, byte flag, int redirected) {
        if (count > mask) {
            throw new IllegalStateException("in-flight ring overflow: " + count);
        }
        int i = (head + count) & mask;
        command[i] = cmd;
        key[i] = keyNumber;
        size[i] = valueSize;
        sendNs[i] = sentNs;
        intendedNs[i] = intendedAtNs;
        flags[i] = flag;
        redirects[i] = (byte) redirected;
        count++;
        if (count > maxInFlight) {
            maxInFlight = count;
        }
    }

    void flush() {
        if (active && pending != null) {
            ByteBuf buf = pending;
            pending = null;
            channel.writeAndFlush(buf, channel.voidPromise());
        }
    }

    void close() {
        active = false;
        releasePending();
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        active = true;
        flush();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        boolean wasActive = active;
        active = false;
        releasePending();
        super.channelInactive(ctx);
        if (wasActive) {
            client.onConnectionLost(this);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        parser.parse(in, this);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        super.channelReadComplete(ctx);
        client.onReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause.getCause() instanceof RespProtocolException ? cause.getCause() : cause;
        LOG.debug("connection to node {} failed: {}", nodeIndex, root.toString());
        client.onConnectionError(root.toString());
        ctx.close();
    }

    /** Drops the requests still in flight, returning how many were workload (not internal) requests. */
    int abandonInFlight() {
        int lost = 0;
        while (count > 0) {
            if ((flags[head] & FLAG_INTERNAL) == 0) {
                lost++;
            }
            head = (head + 1) & mask;
            count--;
        }
        return lost;
    }

    @Override
    public void onReply() {
        int i = pop();
        if ((flags[i] & FLAG_INTERNAL) == 0) {
            client.onCompleted(command[i], sendNs[i], intendedNs[i], flags[i], null);
        }
    }

    @Override
    public void onError(String message) {
        int i = pop();
        if ((flags[i] & FLAG_INTERNAL) != 0) {
            client.onInternalError(message);
        } else if (message.startsWith("MOVED ") || message.startsWith("ASK ")) {
            client.onRedirect(message, command[i], key[i], size[i], sendNs[i], intendedNs[i], flags[i], redirects[i]);
        } else {
            client.onCompleted(command[i], sendNs[i], intendedNs[i], flags[i], message);
        }
    }

    @Override
    public void onPush() {
        client.onPush();
    }

    /** Highest number of requests this connection had in flight at once (for tests and reports). */
    int maxInFlight() {
        return maxInFlight;
    }

    private int pop() {
        if (count == 0) {
            throw new RespProtocolException("reply without a request");
        }
        int i = head;
        head = (head + 1) & mask;
        count--;
        return i;
    }

    private void releasePending() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
