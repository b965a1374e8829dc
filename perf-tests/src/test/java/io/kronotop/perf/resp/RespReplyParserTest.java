package io.kronotop.perf.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RespReplyParserTest {

    @org.junit.jupiter.api.AfterEach
    void noLeaks() {
        io.kronotop.perf.testing.LeakCheck.assertNoLeaks();
    }

    /** Records events as "reply", "error:<text>", "push". */
    private static final class Recorder implements ReplyListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onReply() {
            events.add("reply");
        }

        @Override
        public void onError(String message) {
            events.add("error:" + message);
        }

        @Override
        public void onPush() {
            events.add("push");
        }
    }

    /** The parser behind a ByteToMessageDecoder, as the generator uses it. */
    private static final class ParserHandler extends ByteToMessageDecoder {
        final RespReplyParser parser = new RespReplyParser();
        final Recorder recorder = new Recorder();

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            parser.parse(in, recorder);
        }
    }

    private static final String RESP2 = "+OK\r\n-ERR unknown command 'FOO'\r\n:42\r\n$5\r\nhello\r\n$-1\r\n$0\r\n\r\n"
            + "*-1\r\n*0\r\n*3\r\n:1\r\n*2\r\n$1\r\na\r\n+b\r\n-ERR nested\r\n"
            + "-MOVED 3999 127.0.0.1:6381\r\n";
    private static final List<String> RESP2_EVENTS = List.of("reply", "error:ERR unknown command 'FOO'", "reply",
            "reply", "reply", "reply", "reply", "reply", "reply", "error:MOVED 3999 127.0.0.1:6381");

    private static final String RESP3 = "%2\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:3\r\n"
            + "~2\r\n+a\r\n+b\r\n,3.14\r\n#t\r\n_\r\n(3492890328409238509324850943850943825024385\r\n"
            + "=15\r\ntxt:Some string\r\n!21\r\nSYNTAX invalid syntax\r\n"
            + "|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.1923\r\n$3\r\nval\r\n"
            + ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n%0\r\n:7\r\n";
    private static final List<String> RESP3_EVENTS = List.of("reply", "reply", "reply", "reply", "reply", "reply",
            "reply", "error:SYNTAX invalid syntax", "reply", "push", "reply", "reply");

    private static List<String> feedSplitAt(String input, int split) {
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
        ParserHandler handler = new ParserHandler();
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channel.writeInbound(channel.alloc().buffer().writeBytes(bytes, 0, split));
        channel.writeInbound(channel.alloc().buffer().writeBytes(bytes, split, bytes.length - split));
        assertThat(channel.finish()).isFalse();
        assertThat(handler.parser.idle()).isTrue();
        return handler.recorder.events;
    }

    @Test
    void shouldCountResp2RepliesWhereverTheInputIsSplit() {
        for (int split = 0; split <= RESP2.length(); split++) {
            assertThat(feedSplitAt(RESP2, split)).as("split at %d", split).isEqualTo(RESP2_EVENTS);
        }
    }

    @Test
    void shouldCountResp3RepliesSkippingAttributesAndReportingPushes() {
        for (int split = 0; split <= RESP3.length(); split++) {
            assertThat(feedSplitAt(RESP3, split)).as("split at %d", split).isEqualTo(RESP3_EVENTS);
        }
    }

    @Test
    void shouldCountRepliesFedOneByteAtATime() {
        byte[] bytes = (RESP2 + RESP3).getBytes(StandardCharsets.US_ASCII);
        ParserHandler handler = new ParserHandler();
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        for (byte b : bytes) {
            channel.writeInbound(channel.alloc().buffer(1).writeByte(b));
        }
        assertThat(channel.finish()).isFalse();
        List<String> expected = new ArrayList<>(RESP2_EVENTS);
        expected.addAll(RESP3_EVENTS);
        assertThat(handler.recorder.events).isEqualTo(expected);
    }

    @Test
    void shouldSkipALargeBulkArrivingInRandomChunks() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        int size = 200_000;
        String input = "$" + size + "\r\n" + "x".repeat(size) + "\r\n+OK\r\n";
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
        ParserHandler handler = new ParserHandler();
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(9_000));
            channel.writeInbound(channel.alloc().buffer(n).writeBytes(bytes, at, n));
            at += n;
        }
        assertThat(channel.finish()).isFalse();
        assertThat(handler.recorder.events).as("seed %d", seed).containsExactly("reply", "reply");
    }

    private static void assertRejected(String input) {
        EmbeddedChannel channel = new EmbeddedChannel(new ParserHandler());
        ByteBuf buf = channel.alloc().buffer().writeBytes(input.getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> channel.writeInbound(buf)).isInstanceOf(DecoderException.class)
                .hasCauseInstanceOf(RespProtocolException.class);
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldRejectMalformedReplies() {
        assertRejected("?what\r\n");
        assertRejected("+OK\n");
        assertRejected("$3\r\nabcde\r\n");
        assertRejected("$x\r\n");
        assertRejected("*-5\r\n");
        assertRejected("$" + (RespReplyParser.MAX_BULK_BYTES + 1) + "\r\n");
    }

    @Test
    void shouldRejectNestingDeeperThanTheLimit() {
        assertRejected("*1\r\n".repeat(RespReplyParser.MAX_DEPTH + 1) + ":1\r\n");
    }

    @Test
    void shouldAcceptNestingAtTheLimit() {
        EmbeddedChannel channel = new EmbeddedChannel(new ParserHandler());
        ParserHandler handler = (ParserHandler) channel.pipeline().first();
        channel.writeInbound(channel.alloc().buffer().writeBytes(
                ("*1\r\n".repeat(RespReplyParser.MAX_DEPTH) + ":1\r\n").getBytes(StandardCharsets.US_ASCII)));
        assertThat(channel.finish()).isFalse();
        assertThat(handler.recorder.events).containsExactly("reply");
    }

    @Test
    void shouldRejectAnEndlessHeaderLine() {
        assertRejected("+" + "a".repeat(RespReplyParser.MAX_LINE_BYTES + 1));
    }
}
