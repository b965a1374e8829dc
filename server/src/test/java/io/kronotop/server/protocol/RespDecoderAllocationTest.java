package io.kronotop.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The decoder allocates no object per request: the bytes allocated by the test thread while 200,000 pipelined
 * requests are decoded stay far below the 16 bytes that one object per request would cost. Input buffers are
 * created before measuring, and the channel's allocator skips leak tracking (whose paranoid records would be
 * counted).
 */
class RespDecoderAllocationTest {
    private static final int READS = 1000;
    private static final int REQUESTS_PER_READ = 400;

    private static final class CountingSink implements RequestSink {
        long requests;
        long argumentBytes;

        @Override
        public void onRequest(ChannelHandlerContext ctx, RespArgs args) {
            requests++;
            for (int i = 0; i < args.count(); i++) {
                argumentBytes += args.length(i);
            }
        }

        @Override
        public void onProtocolError(ChannelHandlerContext ctx, String message) {
            throw new AssertionError(message);
        }
    }

    @Test
    void shouldNotAllocatePerRequest() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported()) {
            return;
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < REQUESTS_PER_READ; i++) {
            wire.append(i % 2 == 0
                    ? "*3\r\n$3\r\nSET\r\n$10\r\nkey:" + String.format("%06d", i) + "\r\n$5\r\nvalue\r\n"
                    : "GET key:" + String.format("%06d", i) + "\r\n"); // inline too
        }
        byte[] bytes = wire.toString().getBytes(StandardCharsets.US_ASCII);
        CountingSink sink = new CountingSink();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(new UnpooledByteBufAllocator(true, true));
        channel.pipeline().addLast(new RespDecoder(ProtocolLimits.DEFAULT, sink));

        for (int round = 0; round < 2; round++) { // the first round warms up; the second is measured
            ByteBuf[] inputs = new ByteBuf[READS];
            int cut = Integer.getInteger("cut", bytes.length / 2 + 3);
            for (int i = 0; i < READS; i += 2) {
                // each pipeline arrives in two reads cut inside a request, so a partial request is carried over
                inputs[i] = Unpooled.wrappedBuffer(bytes, 0, cut);
                inputs[i + 1] = Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            long requestsBefore = sink.requests;
            for (ByteBuf in : inputs) {
                channel.pipeline().fireChannelRead(in);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            long requests = sink.requests - requestsBefore;
            assertThat(requests).isEqualTo((long) READS / 2 * REQUESTS_PER_READ);
            if (round == 1) {
                // One object per request would be at least 16 bytes each. What remains is per read and inside
                // Netty (without sun.misc.Unsafe, the default on Java 25, copies between buffers go through
                // short-lived ByteBuffer views).
                assertThat(allocated).as("bytes allocated for %d requests", requests).isLessThan(4 * requests);
            }
        }
        assertFalse(channel.finish());
    }
}
