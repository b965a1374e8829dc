package io.kronotop.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** jqwik properties of the number parsing and formatting shared by the decoder, RespArgs and ReplyWriter. */
class RespNumbersPropertyTest {
    private static final Pattern REDIS_INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

    @Property(tries = 2000)
    void shouldFormatAndParseEveryLong(@ForAll long value) {
        byte[] dst = new byte[RespNumbers.MAX_LONG_CHARS];
        int length = RespNumbers.putLong(dst, 0, value);
        String text = new String(dst, 0, length, StandardCharsets.US_ASCII);
        assertThat(text).isEqualTo(Long.toString(value));
        assertThat(RespNumbers.decimalLength(value)).isEqualTo(length);
        long[] out = new long[1];
        ByteBuf buf = Unpooled.wrappedBuffer(dst, 0, length);
        assertThat(RespNumbers.tryParseLong(buf, 0, length, out, 0)).isTrue();
        assertThat(out[0]).isEqualTo(value);
    }

    @Property(tries = 1000)
    void shouldAcceptExactlyRedisIntegers(
            @ForAll @StringLength(max = 22) @Chars({'-', '+', ' ', 'a'}) @CharRange(from = '0', to = '9') String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        long[] out = {12345};
        boolean parsed = RespNumbers.tryParseLong(Unpooled.wrappedBuffer(bytes), 0, bytes.length, out, 0);
        boolean expected = REDIS_INTEGER.matcher(text).matches() && !text.equals("-0") && fitsInLong(text);
        assertThat(parsed).as("'%s'", text).isEqualTo(expected);
        if (expected) {
            assertThat(out[0]).isEqualTo(Long.parseLong(text));
        } else {
            assertThat(out[0]).isEqualTo(12345);
        }
    }

    private static boolean fitsInLong(String text) {
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Property(tries = 3000)
    void shouldFormatDoublesThatReadBack(@ForAll double value) {
        byte[] dst = new byte[DoubleFormat.MAX_CHARS];
        String text = new String(dst, 0, DoubleFormat.format(value, dst), StandardCharsets.US_ASCII);
        if (Double.isNaN(value)) {
            assertThat(text).isEqualTo("nan");
            return;
        }
        String javaSyntax = text.equals("inf") ? "Infinity" : text.equals("-inf") ? "-Infinity" : text;
        assertThat(Double.parseDouble(javaSyntax)).as(text).isEqualTo(value);
        assertThat(text).doesNotContain(".0e").doesNotEndWith(".0").doesNotContain("E");
    }
}
