package io.kronotop.server.protocol;

import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Decodes client requests (RESP arrays of bulk strings, and inline command lines) from the byte stream
 * into a reused {@link RespArgs} flyweight and hands each to a {@link RequestSink}, in order, without
 * allocating an object per request. Resumable: input may arrive split at any byte. Pooled direct buffers.
 * Every client-declared size is checked against {@link ProtocolLimits} before anything is allocated.
 */
public final class RespDecoder extends ChannelInboundHandlerAdapter {
    // STUB: the protocol work fills this in.

    public RespDecoder(ProtocolLimits limits, RequestSink sink) {
    }
}
