package io.kronotop.perf.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CommandTemplateTest {
    private static final byte[] KEY = "key:12345".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "abcdefgh".getBytes(StandardCharsets.US_ASCII);

    private static String encode(CommandTemplate t, int dataLength) {
        ByteBuf out = Unpooled.buffer();
        try {
            t.encode(out, KEY, KEY.length, DATA, dataLength, new byte[24]);
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }

    @Test
    void shouldEncodeARespArrayWithKeyAndValue() {
        assertThat(encode(CommandTemplate.of("SET __key__ __data__"), 5))
                .isEqualTo("*3\r\n$3\r\nSET\r\n$9\r\nkey:12345\r\n$5\r\nabcde\r\n");
    }

    @Test
    void shouldEncodeLiteralArgumentsAsGiven() {
        assertThat(encode(CommandTemplate.of("HSET __key__ field __data__"), 2))
                .isEqualTo("*4\r\n$4\r\nHSET\r\n$9\r\nkey:12345\r\n$5\r\nfield\r\n$2\r\nab\r\n");
    }

    @Test
    void shouldEncodeInlineCommands() {
        assertThat(encode(CommandTemplate.inline("PING"), 0)).isEqualTo("PING\r\n");
        assertThat(CommandTemplate.inline("PING").name()).isEqualTo("PING_INLINE");
    }

    @Test
    void shouldFormatDecimalsWithoutLeadingZeros() {
        byte[] buf = new byte[24];
        int end = CommandTemplate.formatDecimal(1234567890123L, buf, 2);
        assertThat(new String(buf, 2, end - 2, StandardCharsets.US_ASCII)).isEqualTo("1234567890123");
        end = CommandTemplate.formatDecimal(0, buf, 0);
        assertThat(new String(buf, 0, end, StandardCharsets.US_ASCII)).isEqualTo("0");
    }

    @Test
    void shouldRenderForABlockingClient() {
        assertThat(CommandTemplate.of("HSET __key__ f __data__").render("k", "v")).containsExactly("HSET", "k", "f", "v");
    }
}
