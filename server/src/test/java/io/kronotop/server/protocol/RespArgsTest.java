package io.kronotop.server.protocol;

import io.kronotop.server.testing.LeakTracker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static io.kronotop.server.protocol.RecordingSink.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RespArgsTest {
    @AfterAll
    static void noLeaks() {
        LeakTracker.assertNoLeaks();
    }

    private static RespArgs args(String... values) {
        byte[][] bytes = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = ascii(values[i]);
        }
        return RespArgs.of(bytes);
    }

    @Test
    void shouldExposeArgumentsBuiltWithOf() {
        RespArgs args = args("SET", "key", "", "value");
        assertThat(args.count()).isEqualTo(4);
        assertThat(args.inline()).isFalse();
        assertThat(args.length(0)).isEqualTo(3);
        assertThat(args.length(2)).isZero();
        assertThat(args.string(1)).isEqualTo("key");
        assertThat(args.bytes(3)).isEqualTo(ascii("value"));
        assertThat(args.byteAt(3, 4)).isEqualTo((byte) 'e');
        assertThat(args.toString()).isEqualTo("RespArgs[\"SET\" \"key\" \"\" \"value\"]");
        assertThatThrownBy(() -> args.length(4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> args.byteAt(0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> args.bytes(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(RespArgs::of).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCompareWithoutAllocating() {
        RespArgs args = args("sEt", "EX", "ex1", "{a}", "héllo");
        byte[] set = ascii("SET");
        assertThat(args.equalsIgnoreCase(0, set)).isTrue();
        assertThat(args.equalsIgnoreCase(1, ascii("EX"))).isTrue();
        assertThat(args.equalsIgnoreCase(2, ascii("EX1"))).isTrue();
        assertThat(args.equalsIgnoreCase(2, ascii("EX"))).isFalse();
        assertThat(args.equalsIgnoreCase(3, ascii("[A]"))).isFalse();
        assertThat(args.equalsIgnoreCase(3, ascii("{A}"))).isTrue();
        assertThat(args.contentEquals(0, ascii("sEt"))).isTrue();
        assertThat(args.contentEquals(0, set)).isFalse();
        assertThat(args.contentEquals(0, ascii("sE"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "-1", "10", "123456789", "9223372036854775807", "-9223372036854775808",
            "-9223372036854775807", "1000000000000000000"})
    void shouldParseRedisIntegers(String text) {
        long[] out = {42, 42};
        assertThat(args(text).tryParseLong(0, out, 1)).isTrue();
        assertThat(out).containsExactly(42, Long.parseLong(text));
        assertThat(args(text).parseLongOr(0, 7)).isEqualTo(Long.parseLong(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+1", "01", "00", "-0", "-01", " 1", "1 ", "1.0", "1e3", "0x1", "a",
            "9223372036854775808", "-9223372036854775809", "99999999999999999999", "123456789012345678901"})
    void shouldRejectWhatRedisRejectsAsInteger(String text) {
        long[] out = {42};
        assertThat(args(text).tryParseLong(0, out, 0)).isFalse();
        assertThat(out[0]).isEqualTo(42);
        assertThat(args(text).parseLongOr(0, 7)).isEqualTo(7);
    }

    @Test
    void shouldParseDoublesLikeRedis() {
        assertThat(args("1.5").parseDoubleOrNaN(0)).isEqualTo(1.5);
        assertThat(args("-2").parseDoubleOrNaN(0)).isEqualTo(-2.0);
        assertThat(args("+2").parseDoubleOrNaN(0)).isEqualTo(2.0);
        assertThat(args("1e3").parseDoubleOrNaN(0)).isEqualTo(1000.0);
        assertThat(args("1E-3").parseDoubleOrNaN(0)).isEqualTo(0.001);
        assertThat(args(".5").parseDoubleOrNaN(0)).isEqualTo(0.5);
        assertThat(args("5.").parseDoubleOrNaN(0)).isEqualTo(5.0);
        assertThat(args("0").parseDoubleOrNaN(0)).isEqualTo(0.0);
        assertThat(args("0.000").parseDoubleOrNaN(0)).isEqualTo(0.0);
        assertThat(args("1e-320").parseDoubleOrNaN(0)).isEqualTo(1e-320);
        assertThat(args("inf").parseDoubleOrNaN(0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(args("+inf").parseDoubleOrNaN(0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(args("-inf").parseDoubleOrNaN(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(args("-Infinity").parseDoubleOrNaN(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(args("INF").parseDoubleOrNaN(0)).isEqualTo(Double.POSITIVE_INFINITY);
        for (String bad : new String[] {"", " 1", "1 ", "nan", "NaN", "1e400", "-1e400", "1e-400", "abc", "1d", "1f",
            "--1", "1e", "e1", ".", "-", "infinit", "Infinityy", "1,5"}) {
            assertThat(args(bad).parseDoubleOrNaN(0)).as("'%s'", bad).isNaN();
        }
    }

    @Test
    void shouldSliceWithAndWithoutRetaining() {
        RespArgs args = args("GET", "key");
        ByteBuf slice = args.slice(1);
        assertThat(slice.toString(StandardCharsets.US_ASCII)).isEqualTo("key");
        ByteBuf retained = args.retainedSlice(1);
        assertThat(retained.toString(StandardCharsets.US_ASCII)).isEqualTo("key");
        assertThat(retained.release()).isFalse(); // the heap buffer of RespArgs.of stays owned by the instance
    }

    @Test
    void shouldCopyIntoIndependentHeapBytes() {
        List<RespArgs> copies = new ArrayList<>();
        decode(args -> copies.add(args.copy()),
            Unpooled.copiedBuffer("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nv1\r\nECHO \"a b\"\r\n",
                StandardCharsets.US_ASCII),
            Unpooled.copiedBuffer("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", StandardCharsets.US_ASCII));
        assertThat(copies).hasSize(3);
        assertThat(copies.get(0).toString()).isEqualTo("RespArgs[\"SET\" \"k\" \"v1\"]");
        assertThat(copies.get(1).inline()).isTrue();
        assertThat(copies.get(1).string(1)).isEqualTo("a b");
        assertThat(copies.get(2).copy().string(0)).isEqualTo("GET");
        assertThat(copies.get(0).parseLongOr(1, -1)).isEqualTo(-1);
        assertThat(new RespArgs().copy().count()).as("the decoder's flyweight between requests").isZero();
    }

    @Test
    void shouldViewArgumentsAsArrayRangesWithoutCopyingACopysBytes() {
        String big = "x".repeat(5000);
        List<String> seen = new ArrayList<>();
        List<RespArgs> copies = new ArrayList<>();
        decode(args -> {
            for (int i = 0; i < args.count(); i++) {
                ArgBytes view = args.arg(i);
                seen.add(new String(view.array(), view.offset(), view.length(), StandardCharsets.US_ASCII));
            }
            copies.add(args.copy());
        }, Unpooled.directBuffer().writeBytes(ascii("*3\r\n$3\r\nSET\r\n$4\r\nkey1\r\n$5000\r\n"
            + big + "\r\n*2\r\n$3\r\nGET\r\n$2\r\nk2\r\n")));
        assertThat(seen).containsExactly("SET", "key1", big, "GET", "k2");

        // A copy's views are ranges of its own bytes: no scratch copy, one array for every argument.
        RespArgs copy = copies.get(0);
        ArgBytes key = copy.arg(1);
        assertThat(key.copy()).isEqualTo(ascii("key1"));
        byte[] array = key.array();
        assertThat(copy.arg(2).array()).isSameAs(array);
        assertThat(copy.arg(2).length()).isEqualTo(5000);
        assertThat(copy.bytes(1)).isEqualTo(ascii("key1")).isNotSameAs(array);
        assertThat(copy.byteAt(0, 1)).isEqualTo((byte) 'E');
        assertThat(copy.equalsIgnoreCase(0, ascii("SET"))).isTrue();
    }

    /** Feeds {@code inputs} through a decoder whose allocator checks that it released everything. */
    private static void decode(Consumer<RespArgs> onRequest, ByteBuf... inputs) {
        TrackingAllocator allocator = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(new RespDecoder(ProtocolLimits.DEFAULT, new RequestSink() {
            @Override
            public void onRequest(io.netty.channel.ChannelHandlerContext ctx, RespArgs args) {
                onRequest.accept(args);
            }

            @Override
            public void onProtocolError(io.netty.channel.ChannelHandlerContext ctx, String message) {
                throw new AssertionError(message);
            }
        }));
        for (ByteBuf input : inputs) {
            channel.writeInbound(input);
        }
        assertFalse(channel.finish());
        allocator.assertAllReleased();
    }
}
