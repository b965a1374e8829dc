package io.kronotop.server.protocol;

import io.kronotop.server.testing.LeakTracker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.kronotop.server.protocol.RecordingSink.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RespDecoderTest {
    @AfterAll
    static void noLeaks() {
        LeakTracker.assertNoLeaks();
    }

    /** Small limits, so that the "too big" cases stay short enough to split at every byte. */
    private static final ProtocolLimits SMALL = new ProtocolLimits(100, 8, 32);

    private final List<ByteBuf> inputs = new ArrayList<>();

    @AfterEach
    void inputsAreReleased() {
        for (ByteBuf in : inputs) {
            assertThat(in.refCnt()).isZero();
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // multibulk
                Arguments.of("*1\r\n$4\r\nPING\r\n", List.of("PING")),
                Arguments.of("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n", List.of("SET|k|value")),
                Arguments.of("*2\r\n$3\r\nGET\r\n$0\r\n\r\n", List.of("GET|")),
                Arguments.of("*2\r\n$4\r\nECHO\r\n$4\r\na\r\nb\r\n", List.of("ECHO|a\\x0d\\x0ab")),
                Arguments.of("*2\r\n$4\r\nECHO\r\n$3\r\n\0\377*\r\n", List.of("ECHO|\\x00\\xff*")),
                Arguments.of("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n*1\r\n$4\r\nPING\r\n",
                        List.of("PING", "ECHO|hi", "PING")),
                Arguments.of("*0\r\n*1\r\n$4\r\nPING\r\n", List.of("PING")),
                Arguments.of("*-1\r\n*-7\r\n*1\r\n$4\r\nPING\r\n", List.of("PING")),
                Arguments.of("*8\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n"
                                + "$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n$1\r\nh\r\n",
                        List.of("a|b|c|d|e|f|g|h")),
                Arguments.of("*1\r\n$100\r\n" + "x".repeat(100) + "\r\n", List.of("x".repeat(100))),
                // like Redis, the byte after a header's CR and the two bytes after a payload are not checked
                Arguments.of("*1\rX$4\rYPINGZZ", List.of("PING")),
                // inline
                Arguments.of("PING\r\n", List.of("PING")),
                Arguments.of("PING\n", List.of("PING")),
                Arguments.of("SET k v\r\nGET k\n", List.of("SET|k|v", "GET|k")),
                Arguments.of("  SET \t k\tv  \r\n", List.of("SET|k|v")),
                Arguments.of("\r\n\n   \r\nPING\r\n", List.of("PING")),
                // as in sdssplitargs, \v and \f are skipped between arguments but do not end one
                Arguments.of("\u000bPING\u000c\r\n", List.of("PING\\x0c")),
                Arguments.of("SET \"a b\" 'c d'\r\n", List.of("SET|a b|c d")),
                Arguments.of("ECHO \"\\x41\\x4a\\n\\r\\t\\b\\a\\\\\\\"\\q\"\r\n",
                        List.of("ECHO|AJ\\x0a\\x0d\\x09\\x08\\x07\\x5c\"q")),
                Arguments.of("ECHO \"\\xZZ\" \"\\x4\"\r\n", List.of("ECHO|xZZ|x4")),
                Arguments.of("ECHO 'it\\'s' 'a\\nb'\r\n", List.of("ECHO|it's|a\\x5cnb")),
                Arguments.of("ECHO ab\"cd ef\"\r\n", List.of("ECHO|abcd ef")),
                Arguments.of("ECHO \"\" ''\r\n", List.of("ECHO||")),
                Arguments.of("GET a\0b c\r\nPING\r\n", List.of("GET|a", "PING")),
                Arguments.of("ECHO a\rb\r\n", List.of("ECHO|a|b")),
                Arguments.of("PING\r\n*1\r\n$4\r\nPING\r\nPING\n", List.of("PING", "PING", "PING")),
                // errors
                Arguments.of("*abc\r\n", List.of("ERROR:invalid multibulk length")),
                Arguments.of("*\r\n", List.of("ERROR:invalid multibulk length")),
                Arguments.of("*+1\r\n", List.of("ERROR:invalid multibulk length")),
                Arguments.of("*01\r\n", List.of("ERROR:invalid multibulk length")),
                Arguments.of("*-0\r\n", List.of("ERROR:invalid multibulk length")),
                Arguments.of("*9\r\n", List.of("ERROR:invalid multibulk length")),
                Arguments.of("*2147483647\r\n", List.of("ERROR:invalid multibulk length")),
                Arguments.of("*99999999999999999999\r\n", List.of("ERROR:invalid multibulk length")),
                Arguments.of("*1\r\n$4\r\nPING\r\n*" + "1".repeat(40),
                        List.of("PING", "ERROR:too big mbulk count string")),
                Arguments.of("*1\r\nX4\r\nPING\r\n", List.of("ERROR:expected '$', got 'X'")),
                Arguments.of("*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n", List.of("ERROR:expected '$', got '*'")),
                Arguments.of("*1\r\n$-1\r\n", List.of("ERROR:invalid bulk length")),
                Arguments.of("*1\r\n$01\r\nx\r\n", List.of("ERROR:invalid bulk length")),
                Arguments.of("*1\r\n$00\r\n\r\n", List.of("ERROR:invalid bulk length")),
                Arguments.of("*1\r\n$-0\r\n\r\n", List.of("ERROR:invalid bulk length")),
                Arguments.of("*1\r\n$+1\r\nx\r\n", List.of("ERROR:invalid bulk length")),
                Arguments.of("*1\r\n$ 1\r\nx\r\n", List.of("ERROR:invalid bulk length")),
                Arguments.of("*1\r\n$\r\n", List.of("ERROR:invalid bulk length")),
                Arguments.of("*1\r\n$123456789012345678\r\n", List.of("ERROR:invalid bulk length")),
                Arguments.of("*1\r\n$1234567890123456789\r\n", List.of("ERROR:invalid bulk length")),
                Arguments.of("*00\r\n", List.of("ERROR:invalid multibulk length")),
                Arguments.of("*1\0\r\n", List.of("ERROR:invalid multibulk length")),
                Arguments.of("*1\r\n$abc\r\n", List.of("ERROR:invalid bulk length")),
                Arguments.of("*1\r\n$101\r\n", List.of("ERROR:invalid bulk length")),
                Arguments.of("*1\r\n$9223372036854775807\r\n", List.of("ERROR:invalid bulk length")),
                Arguments.of("*1\r\n$9223372036854775808\r\n", List.of("ERROR:invalid bulk length")),
                Arguments.of("*2\r\n$1\r\na\r\n$" + "9".repeat(40), List.of("ERROR:too big bulk count string")),
                Arguments.of("PING\r\n" + "A".repeat(40), List.of("PING", "ERROR:too big inline request")),
                Arguments.of("SET \"abc\r\n", List.of("ERROR:unbalanced quotes in request")),
                Arguments.of("SET 'abc\r\n", List.of("ERROR:unbalanced quotes in request")),
                Arguments.of("SET \"abc\"def\r\n", List.of("ERROR:unbalanced quotes in request")),
                Arguments.of("SET 'abc'def\r\n", List.of("ERROR:unbalanced quotes in request")),
                Arguments.of("SET \"abc\\\"\r\n", List.of("ERROR:unbalanced quotes in request")),
                Arguments.of("SET \"a\0\"\r\n", List.of("ERROR:unbalanced quotes in request")),
                // nothing is delivered after an error, even complete requests
                Arguments.of("PING\r\n*x\r\n*1\r\n$4\r\nPING\r\nPING\r\n",
                        List.of("PING", "ERROR:invalid multibulk length")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldDecodeTheSameWhenSplitAtEveryByte(String input, List<String> expected) {
        byte[] bytes = ascii(input);
        assertThat(decodeInChunks(bytes, bytes.length)).as("in one read").isEqualTo(expected);
        assertThat(decodeInChunks(bytes, 1)).as("one byte per read").isEqualTo(expected);
        for (int split = 1; split < bytes.length; split++) {
            assertThat(decodeSplit(bytes, split)).as("split at %d", split).isEqualTo(expected);
        }
    }

    private List<String> decodeInChunks(byte[] bytes, int chunk) {
        TrackingAllocator allocator = new TrackingAllocator();
        RecordingSink sink = new RecordingSink();
        EmbeddedChannel channel = channel(allocator, sink);
        for (int at = 0; at < bytes.length; at += chunk) {
            write(channel, bytes, at, Math.min(chunk, bytes.length - at));
        }
        assertFalse(channel.finish());
        allocator.assertAllReleased();
        return sink.events;
    }

    private List<String> decodeSplit(byte[] bytes, int split) {
        TrackingAllocator allocator = new TrackingAllocator();
        RecordingSink sink = new RecordingSink();
        EmbeddedChannel channel = channel(allocator, sink);
        write(channel, bytes, 0, split);
        write(channel, bytes, split, bytes.length - split);
        assertFalse(channel.finish());
        allocator.assertAllReleased();
        return sink.events;
    }

    private EmbeddedChannel channel(TrackingAllocator allocator, RequestSink sink) {
        return channel(allocator, new RespDecoder(SMALL, sink));
    }

    private static EmbeddedChannel channel(TrackingAllocator allocator, RespDecoder decoder) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(decoder);
        return channel;
    }

    private void write(EmbeddedChannel channel, byte[] bytes, int from, int length) {
        ByteBuf in = Unpooled.copiedBuffer(bytes, from, length);
        inputs.add(in);
        channel.writeInbound(in);
    }

    private void write(EmbeddedChannel channel, String text) {
        byte[] bytes = ascii(text);
        write(channel, bytes, 0, bytes.length);
    }

    @Test
    void shouldMarkInlineRequests() {
        RecordingSink sink = new RecordingSink();
        EmbeddedChannel channel = channel(new TrackingAllocator(), sink);
        write(channel, "PING\r\n*1\r\n$4\r\nPING\r\n");
        assertThat(sink.inlineFlags).containsExactly(true, false);
        assertFalse(channel.finish());
    }

    @Test
    void shouldReportOneErrorAndDropLaterInput() {
        TrackingAllocator allocator = new TrackingAllocator();
        RecordingSink sink = new RecordingSink();
        EmbeddedChannel channel = channel(allocator, sink);
        write(channel, "*1\r\n$x\r\n");
        write(channel, "*1\r\n$4\r\nPING\r\n");
        write(channel, "*y\r\n");
        assertThat(sink.events).containsExactly("ERROR:invalid bulk length");
        assertThat(allocator.liveBytes()).isZero();
        assertFalse(channel.finish());
        allocator.assertAllReleased();
    }

    @Test
    void shouldAcceptDefaultLimitsUpToTheirBounds() {
        RecordingSink sink = new RecordingSink();
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(ProtocolLimits.DEFAULT, sink));
        write(channel, "*1048576\r\n");
        assertThat(sink.events).isEmpty();
        assertFalse(channel.finish());

        sink = new RecordingSink();
        channel = new EmbeddedChannel(new RespDecoder(ProtocolLimits.DEFAULT, sink));
        write(channel, "*1048577\r\n");
        assertThat(sink.events).containsExactly("ERROR:invalid multibulk length");
        assertFalse(channel.finish());

        sink = new RecordingSink();
        channel = new EmbeddedChannel(new RespDecoder(ProtocolLimits.DEFAULT, sink));
        write(channel, "*1\r\n$536870912\r\n");
        write(channel, "x");
        assertThat(sink.events).isEmpty();
        write(channel, "*1\r\n$536870913\r\n"); // still inside the first payload: no error
        assertThat(sink.events).isEmpty();
        assertFalse(channel.finish());

        sink = new RecordingSink();
        channel = new EmbeddedChannel(new RespDecoder(ProtocolLimits.DEFAULT, sink));
        write(channel, "*1\r\n$536870913\r\n");
        assertThat(sink.events).containsExactly("ERROR:invalid bulk length");
        assertFalse(channel.finish());
    }

    @Test
    void shouldNotAllocateFromDeclaredLengths() {
        TrackingAllocator allocator = new TrackingAllocator();
        RecordingSink sink = new RecordingSink();
        EmbeddedChannel channel = channel(allocator, new RespDecoder(ProtocolLimits.DEFAULT, sink));
        write(channel, "*1048576\r\n$536870912\r\nabc");
        assertThat(allocator.liveBytes()).isLessThanOrEqualTo(4096);
        assertThat(sink.events).isEmpty();
        assertFalse(channel.finish());
        allocator.assertAllReleased();
    }

    @Test
    void shouldNotRescanALargeBulkArrivingInManyReads() {
        TrackingAllocator allocator = new TrackingAllocator();
        RecordingSink sink = new RecordingSink();
        EmbeddedChannel channel = channel(allocator, new RespDecoder(ProtocolLimits.DEFAULT, sink));
        int size = 4 * 1024 * 1024;
        write(channel, "*2\r\n$3\r\nSET\r\n$" + size + "\r\n");
        byte[] chunk = new byte[8192];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) ('a' + i % 26);
        }
        for (int sent = 0; sent < size; sent += chunk.length) {
            write(channel, chunk, 0, chunk.length);
        }
        assertThat(sink.events).isEmpty();
        write(channel, "\r\n");
        assertThat(sink.requests).hasSize(1);
        assertThat(sink.requests.get(0).get(1)).hasSize(size);
        assertThat(sink.requests.get(0).get(1)[8193]).isEqualTo((byte) 'b');
        assertFalse(channel.finish());
        allocator.assertAllReleased();
    }

    @Test
    void shouldKeepRetainedSlicesIntactWhileMoreInputArrives() {
        for (boolean tracked : new boolean[] {true, false}) {
            TrackingAllocator allocator = new TrackingAllocator();
            List<ByteBuf> kept = new ArrayList<>();
            RecordingSink sink = new RecordingSink().onRequest((ctx, args) -> {
                if (args.count() > 1) {
                    kept.add(args.retainedSlice(1));
                }
            });
            RespDecoder decoder = new RespDecoder(ProtocolLimits.DEFAULT, sink);
            EmbeddedChannel channel = tracked ? channel(allocator, decoder) : new EmbeddedChannel(decoder);
            StringBuilder big = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                String value = "value-" + i + "-" + "v".repeat(i * 7);
                String frame = "*2\r\n$4\r\nECHO\r\n$" + value.length() + "\r\n" + value + "\r\n";
                // split each frame in two so that partial requests sit in the buffer while it is reorganised
                write(channel, frame.substring(0, frame.length() / 2));
                write(channel, frame.substring(frame.length() / 2));
                big.append("*1\r\n$4\r\nPING\r\n");
            }
            write(channel, big.toString());
            assertThat(kept).hasSize(200);
            for (int i = 0; i < 200; i++) {
                assertThat(kept.get(i).toString(StandardCharsets.US_ASCII))
                        .isEqualTo("value-" + i + "-" + "v".repeat(i * 7));
            }
            // the inline scratch buffer is protected the same way
            kept.forEach(ByteBuf::release);
            kept.clear();
            write(channel, "ECHO first\r\nECHO second\r\n");
            write(channel, "ECHO third\r\n");
            assertThat(kept).extracting(b -> b.toString(StandardCharsets.US_ASCII))
                    .containsExactly("first", "second", "third");
            kept.forEach(ByteBuf::release);
            assertFalse(channel.finish());
            if (tracked) {
                allocator.assertAllReleased();
            }
        }
    }

    @Test
    void shouldPauseAndResume() {
        TrackingAllocator allocator = new TrackingAllocator();
        List<String> seen = new ArrayList<>();
        RespDecoder[] decoder = new RespDecoder[1];
        RecordingSink sink = new RecordingSink().onRequest((ctx, args) -> {
            seen.add(args.string(0));
            if (args.string(0).startsWith("BLOCK")) {
                decoder[0].pause();
            }
        });
        decoder[0] = new RespDecoder(ProtocolLimits.DEFAULT, sink);
        EmbeddedChannel channel = channel(allocator, decoder[0]);
        ReadCompleteCounter counter = new ReadCompleteCounter();
        channel.pipeline().addLast(counter);
        write(channel, "A\r\nBLOCK1\r\nB\r\n*1\r\n$1\r\nC");
        assertThat(seen).containsExactly("A", "BLOCK1");
        assertThat(decoder[0].paused()).isTrue();
        assertThat(channel.config().isAutoRead()).isFalse();
        write(channel, "\r\nBLOCK2\r\nD\r\n");
        assertThat(seen).containsExactly("A", "BLOCK1");
        int completes = counter.count;

        // resumed with the context of a later handler: channelReadComplete still reaches that handler
        decoder[0].resume(channel.pipeline().context(counter));
        assertThat(seen).containsExactly("A", "BLOCK1", "B", "C", "BLOCK2");
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(counter.count).isEqualTo(completes + 1);

        decoder[0].resume(channel.pipeline().context(decoder[0]));
        assertThat(seen).containsExactly("A", "BLOCK1", "B", "C", "BLOCK2", "D");
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(decoder[0].paused()).isFalse();

        write(channel, "E\r\n");
        assertThat(seen).containsExactly("A", "BLOCK1", "B", "C", "BLOCK2", "D", "E");
        assertFalse(channel.finish());
        allocator.assertAllReleased();
    }

    @Test
    void shouldContinueWhenResumedFromInsideTheSameRequest() {
        RespDecoder[] decoder = new RespDecoder[1];
        List<String> seen = new ArrayList<>();
        RecordingSink sink = new RecordingSink().onRequest((ctx, args) -> {
            seen.add(args.string(0));
            decoder[0].pause();
            decoder[0].resume(ctx);
        });
        decoder[0] = new RespDecoder(ProtocolLimits.DEFAULT, sink);
        EmbeddedChannel channel = new EmbeddedChannel(decoder[0]);
        write(channel, "A\r\nB\r\nC\r\n");
        assertThat(seen).containsExactly("A", "B", "C");
        assertThat(channel.config().isAutoRead()).isTrue();
        assertFalse(channel.finish());
    }

    @Test
    void shouldReleaseEverythingWhenClosedWhilePaused() {
        TrackingAllocator allocator = new TrackingAllocator();
        RespDecoder[] decoder = new RespDecoder[1];
        RecordingSink sink = new RecordingSink().onRequest((ctx, args) -> decoder[0].pause());
        decoder[0] = new RespDecoder(ProtocolLimits.DEFAULT, sink);
        EmbeddedChannel channel = channel(allocator, decoder[0]);
        write(channel, "A\r\nB\r\nC\r\n*3\r\n$3\r\nSET");
        assertThat(sink.events).containsExactly("A");
        assertThat(decoder[0].bufferedBytes()).isEqualTo(17);
        ChannelHandlerContext ctx = channel.pipeline().context(decoder[0]);
        channel.close();
        allocator.assertAllReleased();
        assertThat(decoder[0].bufferedBytes()).isZero();
        decoder[0].resume(ctx);
        assertThat(sink.events).containsExactly("A");
        assertFalse(channel.finish());
    }

    @Test
    void shouldKeepReadingOffWhilePausedEvenIfAnotherHandlerTurnsItOn() {
        RespDecoder[] decoder = new RespDecoder[1];
        RecordingSink sink = new RecordingSink().onRequest((ctx, args) -> decoder[0].pause());
        decoder[0] = new RespDecoder(ProtocolLimits.DEFAULT, sink);
        EmbeddedChannel channel = new EmbeddedChannel(decoder[0]);
        write(channel, "A\r\nB\r\n");
        channel.config().setAutoRead(true);
        write(channel, "C\r\n");
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(sink.events).containsExactly("A");
        assertFalse(channel.finish());
    }

    @Test
    void shouldStopAndReleaseWhenTheSinkClosesTheChannel() {
        TrackingAllocator allocator = new TrackingAllocator();
        RecordingSink sink = new RecordingSink().onRequest((ctx, args) -> {
            if (args.string(0).equals("QUIT")) {
                ctx.close();
            }
        });
        EmbeddedChannel channel = channel(allocator, new RespDecoder(ProtocolLimits.DEFAULT, sink));
        write(channel, "PING\r\nQUIT\r\nPING\r\n");
        assertThat(sink.events).containsExactly("PING", "QUIT");
        allocator.assertAllReleased();
        assertFalse(channel.finish());
    }

    @Test
    void shouldKeepTheDeliveredRequestIntactWhenInputArrivesReentrantly() {
        // A handler that makes the channel read again while it runs (unusual, but possible through the pipeline)
        // forces the decoder to grow its buffer while a request still points into it.
        TrackingAllocator allocator = new TrackingAllocator();
        EmbeddedChannel[] channel = new EmbeddedChannel[1];
        List<String> seenAfterReentry = new ArrayList<>();
        byte[] more = ascii(("*2\r\n$4\r\nECHO\r\n$3000\r\n" + "m".repeat(3000) + "\r\n").repeat(3));
        RecordingSink sink = new RecordingSink().onRequest((ctx, args) -> {
            if (args.string(0).equals("FIRST")) {
                channel[0].pipeline().fireChannelRead(Unpooled.wrappedBuffer(more));
                channel[0].pipeline().fireChannelRead(Unpooled.wrappedBuffer(more));
                seenAfterReentry.add(args.string(1));
            }
        });
        channel[0] = channel(allocator, new RespDecoder(ProtocolLimits.DEFAULT, sink));
        write(channel[0], "*2\r\n$5\r\nFIRST\r\n$5\r\nvalue\r\n");
        assertThat(seenAfterReentry).containsExactly("value");
        assertThat(sink.requests).hasSize(7);
        assertThat(sink.requests.get(6).get(1)).hasSize(3000);
        assertFalse(channel[0].finish());
        allocator.assertAllReleased();
    }

    @Test
    void shouldReleaseEverythingWhenClosedRightAfterAReentrantRead() {
        TrackingAllocator allocator = new TrackingAllocator();
        EmbeddedChannel[] channel = new EmbeddedChannel[1];
        byte[] more = ascii("PING\r\n".repeat(1000));
        RecordingSink sink = new RecordingSink().onRequest((ctx, args) -> {
            if (args.string(0).equals("FIRST")) {
                channel[0].pipeline().fireChannelRead(Unpooled.wrappedBuffer(more));
                ctx.close();
            }
        });
        channel[0] = channel(allocator, new RespDecoder(ProtocolLimits.DEFAULT, sink));
        write(channel[0], "FIRST\r\nPING\r\n");
        assertThat(sink.events).containsExactly("FIRST");
        assertFalse(channel[0].finish());
        allocator.assertAllReleased();
    }

    @Test
    void shouldStopAndReleaseWhenRemovedFromThePipelineDuringARequest() {
        TrackingAllocator allocator = new TrackingAllocator();
        RespDecoder[] decoder = new RespDecoder[1];
        RecordingSink sink = new RecordingSink().onRequest((ctx, args) -> {
            if (args.string(0).equals("UPGRADE")) {
                ctx.pipeline().remove(decoder[0]);
            }
        });
        decoder[0] = new RespDecoder(ProtocolLimits.DEFAULT, sink);
        EmbeddedChannel channel = channel(allocator, decoder[0]);
        write(channel, "PING\r\nUPGRADE\r\nPING\r\n*1\r\n$4\r\nPI");
        assertThat(sink.events).containsExactly("PING", "UPGRADE");
        allocator.assertAllReleased();
        assertFalse(channel.finish());
    }

    @Test
    void shouldSurviveASinkThatThrows() {
        TrackingAllocator allocator = new TrackingAllocator();
        RecordingSink sink = new RecordingSink().onRequest((ctx, args) -> {
            if (args.string(0).equals("BOOM")) {
                throw new IllegalStateException("handler bug");
            }
        });
        EmbeddedChannel channel = channel(allocator, new RespDecoder(ProtocolLimits.DEFAULT, sink));
        // the exception goes down the pipeline (EmbeddedChannel rethrows it) and decoding carries on
        assertThatThrownBy(() -> write(channel, "PING\r\nBOOM\r\nECHO a\r\n")).hasMessage("handler bug");
        assertThat(sink.events).containsExactly("PING", "BOOM", "ECHO|a");
        write(channel, "ECHO b\r\n");
        assertThat(sink.events).containsExactly("PING", "BOOM", "ECHO|a", "ECHO|b");
        assertFalse(channel.finish());
        allocator.assertAllReleased();
    }

    @Test
    void shouldAnnounceTheKeysOfPipelinedRequestsBeforeDeliveringThem() {
        RecordingSink sink = new RecordingSink();
        EmbeddedChannel channel = channel(new TrackingAllocator(), new RespDecoder(ProtocolLimits.DEFAULT, sink));
        write(channel, "*2\r\n$3\r\nGET\r\n$2\r\nk1\r\n*3\r\n$3\r\nSET\r\n$2\r\nk2\r\n$1\r\nv\r\n"
                + "*2\r\n$4\r\nHGET\r\n$0\r\n\r\n*2\r\n$3\r\nGET\r\n$2\r\nk4");
        // Announced before the first is run; the incomplete fourth is not announced.
        assertThat(sink.lookAheads).containsExactly("k1,k2,");
        assertThat(sink.events).containsExactly("GET|k1", "SET|k2|v", "HGET|");
        write(channel, "\r\n");
        assertThat(sink.events).hasSize(4);
        // One request alone (pipeline depth 1) is not announced: there is nothing to overlap it with.
        write(channel, "*2\r\n$3\r\nGET\r\n$2\r\nk5\r\n");
        // A request without a second argument, an inline one or a long one ends a scan; the next scan starts
        // after it.
        write(channel, "*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$2\r\nk6\r\n*2\r\n$3\r\nGET\r\n$2\r\nk7\r\n"
                + "GET k8\r\n*2\r\n$3\r\nGET\r\n$2\r\nk9\r\n*2\r\n$3\r\nGET\r\n$3\r\nk10\r\n");
        assertThat(sink.lookAheads).containsExactly("k1,k2,", "k6,k7", "k9,k10");
        assertThat(sink.events).hasSize(11);
        assertFalse(channel.finish());
    }

    @Test
    void shouldNotLookAheadForAClientThatHasNotAuthenticated() {
        RecordingSink sink = new RecordingSink();
        RespDecoder decoder = new RespDecoder(ProtocolLimits.DEFAULT, sink);
        EmbeddedChannel channel = channel(new TrackingAllocator(), decoder);
        decoder.unauthenticated(true);
        String two = "*2\r\n$3\r\nGET\r\n$1\r\na\r\n*2\r\n$3\r\nGET\r\n$1\r\nb\r\n";
        write(channel, two);
        assertThat(sink.events).containsExactly("GET|a", "GET|b");
        assertThat(sink.lookAheads).isEmpty();
        decoder.unauthenticated(false);
        write(channel, two);
        assertThat(sink.lookAheads).containsExactly("a,b");
        assertFalse(channel.finish());
    }

    @Test
    void shouldAnnounceAtMostABatchOfKeysAtATime() {
        RecordingSink sink = new RecordingSink();
        EmbeddedChannel channel = channel(new TrackingAllocator(), new RespDecoder(ProtocolLimits.DEFAULT, sink));
        StringBuilder input = new StringBuilder();
        int n = RequestSink.MAX_LOOK_AHEAD * 2 + 3;
        for (int i = 0; i < n; i++) {
            String key = "k" + i;
            input.append("*2\r\n$3\r\nGET\r\n$").append(key.length()).append("\r\n").append(key).append("\r\n");
        }
        write(channel, input.toString());
        assertThat(sink.events).hasSize(n);
        assertThat(sink.lookAheads).hasSize(3);
        assertThat(sink.lookAheads.get(0).split(",")).hasSize(RequestSink.MAX_LOOK_AHEAD).startsWith("k0");
        assertThat(sink.lookAheads.get(1).split(",")).hasSize(RequestSink.MAX_LOOK_AHEAD)
                .startsWith("k" + RequestSink.MAX_LOOK_AHEAD);
        assertThat(sink.lookAheads.get(2)).isEqualTo("k" + (n - 3) + ",k" + (n - 2) + ",k" + (n - 1));
        assertFalse(channel.finish());
    }

    @Test
    void shouldPassOtherEventsThrough() {
        ReadCompleteCounter counter = new ReadCompleteCounter();
        RecordingSink sink = new RecordingSink();
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(ProtocolLimits.DEFAULT, sink), counter);
        write(channel, "PING\r\n");
        assertThat(counter.count).isEqualTo(1);
        channel.writeInbound("not a buffer");
        Object passed = channel.readInbound();
        assertThat(passed).isEqualTo("not a buffer");
        channel.pipeline().fireUserEventTriggered("event");
        assertThat(counter.events).containsExactly("event");
        channel.pipeline().fireExceptionCaught(new IllegalStateException("boom"));
        assertThat(counter.exceptions).hasSize(1);
        assertFalse(channel.finish());
        assertThat(counter.inactive).isTrue();
    }

    @Test
    void shouldReleaseOnHandlerRemoved() {
        TrackingAllocator allocator = new TrackingAllocator();
        RecordingSink sink = new RecordingSink();
        RespDecoder decoder = new RespDecoder(ProtocolLimits.DEFAULT, sink);
        EmbeddedChannel channel = channel(allocator, decoder);
        write(channel, "*2\r\n$3\r\nGET\r\n$3\r\nke");
        channel.pipeline().remove(decoder);
        allocator.assertAllReleased();
        assertFalse(channel.finish());
    }

    private static final class ReadCompleteCounter extends ChannelInboundHandlerAdapter {
        int count;
        boolean inactive;
        final List<Object> events = new ArrayList<>();
        final List<Throwable> exceptions = new ArrayList<>();

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            count++;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactive = true;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            exceptions.add(cause);
        }
    }
}
