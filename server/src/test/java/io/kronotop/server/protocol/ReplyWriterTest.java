package io.kronotop.server.protocol;

import io.kronotop.server.testing.LeakTracker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplyWriterTest {
    @AfterAll
    static void noLeaks() {
        LeakTracker.assertNoLeaks();
    }

    private final ByteBuf out = Unpooled.buffer(16);
    private final ReplyWriter reply = new ReplyWriter().target(out);

    @AfterEach
    void release() {
        out.release();
    }

    private String resp2(Consumer<ReplyWriter> write) {
        return written(2, write);
    }

    private String resp3(Consumer<ReplyWriter> write) {
        return written(3, write);
    }

    private String written(int protocol, Consumer<ReplyWriter> write) {
        out.clear();
        reply.protocol(protocol);
        write.accept(reply);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Same bytes in RESP2 and RESP3. */
    private void both(Consumer<ReplyWriter> write, String expected) {
        assertThat(resp2(write)).isEqualTo(expected);
        assertThat(resp3(write)).isEqualTo(expected);
    }

    @Test
    void shouldKeepTargetAndProtocol() {
        assertThat(reply.target()).isSameAs(out);
        assertThat(reply.protocol()).isEqualTo(2);
        reply.protocol(3);
        assertThat(reply.protocol()).isEqualTo(3);
        assertThatThrownBy(() -> reply.protocol(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldWriteSimpleStringsAndErrors() {
        both(ReplyWriter::ok, "+OK\r\n");
        both(r -> r.simpleString("PONG"), "+PONG\r\n");
        both(r -> r.simpleString("a\r\nb"), "+a  b\r\n");
        both(r -> r.simpleString("PONG".getBytes(StandardCharsets.US_ASCII)), "+PONG\r\n");
        both(r -> r.simpleString(""), "+\r\n");
        both(r -> r.error("ERR syntax error"), "-ERR syntax error\r\n");
        both(r -> r.error("ERR bad\r\nthing\n"), "-ERR bad  thing \r\n");
        both(r -> r.error("WRONGTYPE Operation".getBytes(StandardCharsets.US_ASCII)), "-WRONGTYPE Operation\r\n");
        assertThat(resp2(r -> r.error("ERR é"))).isEqualTo("-ERR \u00c3\u00a9\r\n"); // UTF-8 bytes
    }

    @Test
    void shouldWriteIntegers() {
        both(r -> r.integer(0), ":0\r\n");
        both(r -> r.integer(1), ":1\r\n");
        both(r -> r.integer(-1), ":-1\r\n");
        both(r -> r.integer(9), ":9\r\n");
        both(r -> r.integer(10), ":10\r\n");
        both(r -> r.integer(1234567890123L), ":1234567890123\r\n");
        both(r -> r.integer(Long.MAX_VALUE), ":9223372036854775807\r\n");
        both(r -> r.integer(Long.MIN_VALUE), ":-9223372036854775808\r\n");
        both(r -> r.integer(-1000), ":-1000\r\n");
    }

    @Test
    void shouldWriteBulkStrings() {
        both(r -> r.bulk("hello".getBytes(StandardCharsets.US_ASCII)), "$5\r\nhello\r\n");
        both(r -> r.bulk(new byte[0]), "$0\r\n\r\n");
        both(r -> r.bulk(new byte[] {'\r', '\n', 0}), "$3\r\n\r\n\0\r\n");
        both(r -> r.bulk("héllo"), "$6\r\nh\u00c3\u00a9llo\r\n");
        both(r -> r.bulk(""), "$0\r\n\r\n");
        both(r -> r.bulk(0L), "$1\r\n0\r\n");
        both(r -> r.bulk(-42L), "$3\r\n-42\r\n");
        both(r -> r.bulk(Long.MIN_VALUE), "$20\r\n-9223372036854775808\r\n");
        ByteBuf src = Unpooled.copiedBuffer("xxpayloadyy", StandardCharsets.US_ASCII);
        both(r -> r.bulk(src, 2, 7), "$7\r\npayload\r\n");
        assertThat(src.readerIndex()).isZero();
        src.release();
        for (int size : new int[] {255, 256, 257, 300}) {
            byte[] value = new byte[size];
            java.util.Arrays.fill(value, (byte) 'z');
            both(r -> r.bulk(value), "$" + size + "\r\n" + "z".repeat(size) + "\r\n");
        }
        RespArgs args = RespArgs.of("ECHO".getBytes(StandardCharsets.US_ASCII),
                "hi\r\n".getBytes(StandardCharsets.US_ASCII));
        both(r -> r.bulk(args, 1), "$4\r\nhi\r\n\r\n");
        both(r -> r.bulk(args, 0), "$4\r\nECHO\r\n");
        byte[] big = new byte[100_000];
        assertThat(resp2(r -> r.bulk(big))).startsWith("$100000\r\n\0").endsWith("\0\r\n").hasSize(100_000 + 11);
    }

    @Test
    void shouldWriteNullsByProtocol() {
        assertThat(resp2(ReplyWriter::nullBulk)).isEqualTo("$-1\r\n");
        assertThat(resp3(ReplyWriter::nullBulk)).isEqualTo("_\r\n");
        assertThat(resp2(ReplyWriter::nullArray)).isEqualTo("*-1\r\n");
        assertThat(resp3(ReplyWriter::nullArray)).isEqualTo("_\r\n");
    }

    @Test
    void shouldWriteAggregateHeadersByProtocol() {
        both(r -> r.arrayHeader(0), "*0\r\n");
        both(r -> r.arrayHeader(3), "*3\r\n");
        both(r -> r.arrayHeader(1_000_000), "*1000000\r\n");
        assertThat(resp2(r -> r.mapHeader(2))).isEqualTo("*4\r\n");
        assertThat(resp3(r -> r.mapHeader(2))).isEqualTo("%2\r\n");
        assertThat(resp2(r -> r.mapHeader(Integer.MAX_VALUE))).isEqualTo("*4294967294\r\n");
        assertThat(resp2(r -> r.setHeader(5))).isEqualTo("*5\r\n");
        assertThat(resp3(r -> r.setHeader(5))).isEqualTo("~5\r\n");
        assertThat(resp2(r -> r.pushHeader(3))).isEqualTo("*3\r\n");
        assertThat(resp3(r -> r.pushHeader(3))).isEqualTo(">3\r\n");
    }

    @Test
    void shouldWriteBooleansByProtocol() {
        assertThat(resp2(r -> r.bool(true))).isEqualTo(":1\r\n");
        assertThat(resp2(r -> r.bool(false))).isEqualTo(":0\r\n");
        assertThat(resp3(r -> r.bool(true))).isEqualTo("#t\r\n");
        assertThat(resp3(r -> r.bool(false))).isEqualTo("#f\r\n");
    }

    @Test
    void shouldWriteVerbatimAndBigNumbersByProtocol() {
        assertThat(resp3(r -> r.verbatim("txt", "Some string"))).isEqualTo("=15\r\ntxt:Some string\r\n");
        assertThat(resp2(r -> r.verbatim("txt", "Some string"))).isEqualTo("$11\r\nSome string\r\n");
        assertThat(resp3(r -> r.verbatim("mkd", ""))).isEqualTo("=4\r\nmkd:\r\n");
        assertThat(resp3(r -> r.verbatim("txt", "é"))).isEqualTo("=6\r\ntxt:\u00c3\u00a9\r\n");
        assertThatThrownBy(() -> resp3(r -> r.verbatim("text", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(resp3(r -> r.bigNumber("3492890328409238509324850943850943825024385")))
                .isEqualTo("(3492890328409238509324850943850943825024385\r\n");
        assertThat(resp2(r -> r.bigNumber("-12345678901234567890")))
                .isEqualTo("$21\r\n-12345678901234567890\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "0;0", "-0.0;-0", "1;1", "-1;-1", "10;10", "3.14;3.14", "-3.14;-3.14", "0.1;0.1", "1.5;1.5",
            "100.25;100.25", "1e10;10000000000", "1e17;100000000000000000",
            "4611686018427387904;4611686018427387904", "9223372036854775807;9223372036854776000",
            "1e19;1e+19", "1e300;1e+300", "1.7976931348623157e308;1.7976931348623157e+308",
            "-1e300;-1e+300", "1e-7;1e-7", "1.5e-7;1.5e-7", "0.000001;0.000001", "0.0001;0.0001",
            "1.2345e-10;1.2345e-10", "1e-100;1e-100", "1e-105;1e-105", "4.9e-324;5e-324",
            "0.30000000000000004;0.30000000000000004", "123456789.123;123456789.123",
            "1.1e21;1.1e+21", "1.5e17;150000000000000000", "12345678.9;12345678.9",
            "Infinity;inf", "-Infinity;-inf", "NaN;nan"})
    void shouldFormatDoublesLikeRedis(String input, String expected) {
        double value = Double.parseDouble(input);
        assertThat(resp3(r -> r.doubleValue(value))).isEqualTo("," + expected + "\r\n");
        assertThat(resp2(r -> r.doubleValue(value))).isEqualTo("$" + expected.length() + "\r\n" + expected + "\r\n");
    }

    @Test
    void shouldRoundTripRandomDoubles() {
        long seed = Long.getLong("kronotop.test.seed", System.nanoTime());
        java.util.Random random = new java.util.Random(seed);
        byte[] dst = new byte[DoubleFormat.MAX_CHARS];
        for (int i = 0; i < 20_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(d)) {
                continue;
            }
            int len = DoubleFormat.format(d, dst);
            String text = new String(dst, 0, len, StandardCharsets.US_ASCII);
            String parsable = text.equals("inf") ? "Infinity" : text.equals("-inf") ? "-Infinity" : text;
            assertThat(Double.parseDouble(parsable)).as("seed %d: %s", seed, text).isEqualTo(d);
        }
    }

    @Test
    void shouldAppendWithoutFlushingOrClearing() {
        out.clear();
        reply.protocol(2);
        reply.arrayHeader(2);
        reply.bulk("a");
        reply.integer(5);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("*2\r\n$1\r\na\r\n:5\r\n");
    }
}
