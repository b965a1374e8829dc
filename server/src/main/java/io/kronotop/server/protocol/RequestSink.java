package io.kronotop.server.protocol;

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
}
