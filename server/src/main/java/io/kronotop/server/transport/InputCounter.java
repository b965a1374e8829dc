package io.kronotop.server.transport;

import io.kronotop.server.metrics.ServerStats;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Counts bytes received for INFO's total_net_input_bytes, then passes them on untouched. */
@ChannelHandler.Sharable
final class InputCounter extends ChannelInboundHandlerAdapter {
    private final ServerStats stats;

    InputCounter(ServerStats stats) {
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            stats.netInputBytes.add(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }
}
