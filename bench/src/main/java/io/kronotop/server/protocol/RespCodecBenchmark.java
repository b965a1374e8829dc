package io.kronotop.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of the RESP codec on one thread.
 *
 * <ul>
 *   <li>{@code decodePipeline}: one read carrying {@value #PIPELINE} requests (alternating {@code SET key:NNNNNN
 *   <64-byte value>} and {@code GET key:NNNNNN}) decoded into {@link RespArgs}; scores are per request.</li>
 *   <li>{@code decodeLargeBulk}: a {@code SET} with a 1 MiB value arriving in 16 reads of 64 KiB.</li>
 *   <li>{@code encode*}: replies written by {@link ReplyWriter} into a pooled direct buffer.</li>
 * </ul>
 * Leak detection is off in the forked JVM, as in production.
 */
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled"})
@State(Scope.Thread)
public class RespCodecBenchmark {
    static final int PIPELINE = 100;
    private static final int LARGE_VALUE_BYTES = 1 << 20;
    private static final int LARGE_CHUNK_BYTES = 64 * 1024;

    private EmbeddedChannel channel;
    private ChannelPipeline pipeline;
    private ByteBuf pipelineInput;
    private ByteBuf largeHeader;
    private ByteBuf largeChunk;
    private ByteBuf largeTrailer;
    private CountingSink sink;

    private ByteBuf out;
    private ReplyWriter reply;
    private byte[] value64;
    private byte[][] arrayValues;
    private long counter;

    /** Consumes what a handler typically reads: the argument count and the key's first byte. */
    static final class CountingSink implements RequestSink {
        Blackhole blackhole;
        long requests;

        @Override
        public void onRequest(ChannelHandlerContext ctx, RespArgs args) {
            requests++;
            blackhole.consume(args.count());
            blackhole.consume(args.length(args.count() - 1));
            blackhole.consume(args.byteAt(0, 0));
        }

        @Override
        public void onProtocolError(ChannelHandlerContext ctx, String message) {
            throw new IllegalStateException(message);
        }
    }

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) {
        sink = new CountingSink();
        sink.blackhole = blackhole;
        channel = new EmbeddedChannel();
        channel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        channel.pipeline().addLast(new RespDecoder(ProtocolLimits.DEFAULT, sink));
        pipeline = channel.pipeline();

        StringBuilder wire = new StringBuilder();
        String value = "v".repeat(64);
        for (int i = 0; i < PIPELINE; i++) {
            String key = String.format("key:%06d", i / 2);
            if (i % 2 == 0) {
                wire.append("*3\r\n$3\r\nSET\r\n$").append(key.length()).append("\r\n").append(key).append("\r\n$")
                        .append(value.length()).append("\r\n").append(value).append("\r\n");
            } else {
                wire.append("*2\r\n$3\r\nGET\r\n$").append(key.length()).append("\r\n").append(key).append("\r\n");
            }
        }
        pipelineInput = direct(wire.toString().getBytes(StandardCharsets.US_ASCII));
        largeHeader = direct(("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + LARGE_VALUE_BYTES + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        largeChunk = direct(new byte[LARGE_CHUNK_BYTES]);
        largeTrailer = direct("\r\n".getBytes(StandardCharsets.US_ASCII));

        out = PooledByteBufAllocator.DEFAULT.directBuffer(64 * 1024);
        reply = new ReplyWriter().target(out);
        value64 = value.getBytes(StandardCharsets.US_ASCII);
        arrayValues = new byte[10][];
        for (int i = 0; i < arrayValues.length; i++) {
            arrayValues[i] = ("member-" + i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static ByteBuf direct(byte[] bytes) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
        buf.writeBytes(bytes);
        return buf;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
        pipelineInput.release();
        largeHeader.release();
        largeChunk.release();
        largeTrailer.release();
        out.release();
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public long decodePipeline() {
        pipeline.fireChannelRead(pipelineInput.retainedDuplicate());
        return sink.requests;
    }

    @Benchmark
    public long decodeLargeBulk() {
        pipeline.fireChannelRead(largeHeader.retainedDuplicate());
        for (int sent = 0; sent < LARGE_VALUE_BYTES; sent += LARGE_CHUNK_BYTES) {
            pipeline.fireChannelRead(largeChunk.retainedDuplicate());
        }
        pipeline.fireChannelRead(largeTrailer.retainedDuplicate());
        return sink.requests;
    }

    @Benchmark
    public ByteBuf encodeBulk64() {
        out.clear();
        reply.bulk(value64);
        return out;
    }

    @Benchmark
    public ByteBuf encodeInteger() {
        out.clear();
        reply.integer(counter++ * 7919);
        return out;
    }

    @Benchmark
    public ByteBuf encodeArrayOf10Bulks() {
        out.clear();
        reply.arrayHeader(arrayValues.length);
        for (byte[] member : arrayValues) {
            reply.bulk(member);
        }
        return out;
    }

    @Benchmark
    public ByteBuf encodeOk() {
        out.clear();
        reply.ok();
        return out;
    }

    @Benchmark
    public ByteBuf encodeDouble() {
        out.clear();
        reply.doubleValue(3.14159 + (counter++ & 1023));
        return out;
    }
}
