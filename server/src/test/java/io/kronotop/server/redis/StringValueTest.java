package io.kronotop.server.redis;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The growth of a string in place: APPEND ({@link StringValue#extend}), SETBIT and SETRANGE past the end
 * ({@link StringValue#growTo}).
 */
class StringValueTest {
    @Test
    void shouldGrowByDoublingSoThatAppendsCopyTheStringOnlyLogarithmicallyOften() {
        StringValue v = new StringValue("start".getBytes(StandardCharsets.US_ASCII), true);
        byte[] chunk = new byte[1000];
        java.util.Arrays.fill(chunk, (byte) 'x');
        byte[] array = v.array();
        int copies = 0;
        for (int i = 0; i < 5000; i++) {
            int at = v.extend(1000);
            System.arraycopy(chunk, 0, v.array(), at, 1000);
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
        append(v, "cd");
        assertThat(v.array().length).isGreaterThan(4);
        assertThat(v.length()).isEqualTo(4);
        StringValue copy = (StringValue) v.copy();
        assertThat(copy.bytes()).isEqualTo("abcd".getBytes(StandardCharsets.US_ASCII));
        assertThat(copy.array()).isNotSameAs(v.array());
        assertThat(v.bytes()).as("trimmed to the string").isEqualTo("abcd".getBytes(StandardCharsets.US_ASCII));
        assertThat(v.array()).isSameAs(v.bytes());
        append(v, "e");
        assertThat(v.bytes()).isEqualTo("abcde".getBytes(StandardCharsets.US_ASCII));
        assertThat(v.encoding()).isEqualTo("raw");
    }

    @Test
    void shouldGrowABitmapSetAtRisingOffsetsWithRoomSoItIsCopiedOnlyLogarithmicallyOften() {
        StringValue v = new StringValue(new byte[1], true);
        byte[] array = v.array();
        int copies = 0;
        for (long bit = 8; bit < 8L * 3_000_000; bit += 8 * 100) { // SETBIT b <bit> 1, a byte further each time
            int needed = (int) (bit >>> 3) + 1;
            v.growTo(needed);
            Bits.set(v.array(), bit, 1);
            if (v.array() != array) {
                copies++;
                array = v.array();
            }
        }
        assertThat(v.length()).isEqualTo(2_999_902);
        assertThat(copies).as("%d copies for 30,000 growths", copies).isBetween(10, 25);
        assertThat(Bits.count(v.array(), 0, v.length())).isEqualTo(30_000L);
        for (int i = v.length(); i < v.array().length; i++) {
            assertThat(v.array()[i]).as("room is zeros").isZero();
        }
        v.growTo(10);
        assertThat(v.length()).as("never shrinks").isEqualTo(2_999_902);
    }

    @Test
    void shouldShareTheArrayWhenAStringBecomesRaw() {
        StringValue plain = new StringValue("hello".getBytes(StandardCharsets.US_ASCII));
        StringValue raw = plain.asRaw();
        assertThat(raw).isNotSameAs(plain);
        assertThat(raw.raw()).isTrue();
        assertThat(raw.array()).isSameAs(plain.array());
        assertThat(raw.length()).isEqualTo(5);
        assertThat(raw.asRaw()).isSameAs(raw);
        append(raw, " world");
        raw.growTo(15);
        assertThat(raw.bytes()).isEqualTo("hello world\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
        assertThat(plain.bytes()).as("the old value keeps its length")
            .isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
    }

    private static void append(StringValue v, String tail) {
        byte[] bytes = tail.getBytes(StandardCharsets.US_ASCII);
        int at = v.extend(bytes.length);
        System.arraycopy(bytes, 0, v.array(), at, bytes.length);
    }
}
