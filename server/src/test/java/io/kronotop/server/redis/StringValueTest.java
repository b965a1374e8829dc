package io.kronotop.server.redis;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** APPEND's growth of a string in place ({@link StringValue#append}). */
class StringValueTest {
    @Test
    void shouldGrowByDoublingSoThatAppendsCopyTheStringOnlyLogarithmicallyOften() {
        StringValue v = new StringValue("start".getBytes(StandardCharsets.US_ASCII), true);
        ByteBuf chunk = Unpooled.wrappedBuffer(new byte[1000]);
        byte[] array = v.array();
        int copies = 0;
        for (int i = 0; i < 5000; i++) {
            v.append(chunk, 0, 1000);
            if (v.array() != array) {
                copies++;
                array = v.array();
            }
        }
        assertThat(v.length()).isEqualTo(5_000_005);
        // doubling up to 1 MiB (about 9 copies from 2 KB), then 1 MiB more each time (4 more up to 5 MB)
        assertThat(copies).isBetween(10, 16);
        for (int i = v.length(); i < v.array().length; i++) {
            assertThat(v.array()[i]).as("room is zeros").isZero();
        }
        assertThat(v.memoryBytes()).as("the room counts as memory").isEqualTo(16L + v.array().length)
            .isGreaterThan(16L + v.length());
    }

    @Test
    void shouldShowOnlyTheStringWhateverRoomIsLeftAfterIt() {
        StringValue v = new StringValue("ab".getBytes(StandardCharsets.US_ASCII), true);
        v.append(Unpooled.wrappedBuffer("cd".getBytes(StandardCharsets.US_ASCII)), 0, 2);
        assertThat(v.array().length).isGreaterThan(4);
        assertThat(v.length()).isEqualTo(4);
        StringValue copy = (StringValue) v.copy();
        assertThat(copy.bytes()).isEqualTo("abcd".getBytes(StandardCharsets.US_ASCII));
        assertThat(copy.array()).isNotSameAs(v.array());
        assertThat(v.bytes()).as("trimmed to the string").isEqualTo("abcd".getBytes(StandardCharsets.US_ASCII));
        assertThat(v.array()).isSameAs(v.bytes());
        v.append(Unpooled.wrappedBuffer("e".getBytes(StandardCharsets.US_ASCII)), 0, 1);
        assertThat(v.bytes()).isEqualTo("abcde".getBytes(StandardCharsets.US_ASCII));
        assertThat(v.encoding()).isEqualTo("raw");
    }
}
