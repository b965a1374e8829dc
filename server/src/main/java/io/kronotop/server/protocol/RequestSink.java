package io.kronotop.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * Receives what {@link RespDecoder} decodes. Called on the channel's event loop, synchronously from the
 * decoder, once per complete request, in arrival order.
 */
public interface RequestSink {
    /**
     * One complete request (a RESP array of bulk strings, or an inline command line).
     *
     * @param args a flyweight over the decoded frame; valid only during this call. A handler that needs
     *             bytes later copies them or takes a {@link RespArgs#retainedSlice(int)}.
     */
    void onRequest(ChannelHandlerContext ctx, RespArgs args);

    /**
     * The input broke the protocol. The decoder has discarded all input after the error and will deliver
     * nothing more on this channel. The sink answers {@code -ERR Protocol error: <message>} after the
     * replies to earlier requests, then closes the connection.
     *
     * @param message Redis's wording without the {@code "ERR Protocol error: "} prefix, e.g.
     *                {@code "invalid bulk length"}.
     */
    void onProtocolError(ChannelHandlerContext ctx, String message);

    /** At most this many requests are passed to one {@link #lookAhead}. */
    int MAX_LOOK_AHEAD = 32;

    /**
     * A hint, before a pipeline's requests are delivered: the second arguments ({@code lengths[i]} bytes at
     * {@code offsets[i]} of {@code buf}, {@code i < n}) of {@code n} complete requests already received, the
     * next one to be delivered first. Valid during this call only; the sink must not keep or change them. A
     * sink may warm the memory that running these requests will read; whatever it does must not change what
     * they do. Does nothing by default.
     */
    default void lookAhead(ByteBuf buf, int[] offsets, int[] lengths, int n) {
    }
}
