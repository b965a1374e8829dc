package io.kronotop.perf.cluster;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SlotHashTest {

    @Test
    void shouldComputeTheXmodemCheckValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(SlotHash.crc16(check, 0, check.length)).isEqualTo(0x31C3);
    }

    @Test
    void shouldMatchRedisKeySlots() {
        // Values from redis-cli CLUSTER KEYSLOT.
        assertThat(SlotHash.slot("foo")).isEqualTo(12182);
        assertThat(SlotHash.slot("bar")).isEqualTo(5061);
        assertThat(SlotHash.slot("hello")).isEqualTo(866);
        assertThat(SlotHash.slot("")).isZero();
    }

    @Test
    void shouldHashOnlyTheHashTag() {
        assertThat(SlotHash.slot("{user1000}.following")).isEqualTo(SlotHash.slot("{user1000}.followers"))
                .isEqualTo(SlotHash.slot("user1000"));
        assertThat(SlotHash.slot("foo{bar}{zap}")).isEqualTo(SlotHash.slot("bar"));
        assertThat(SlotHash.slot("foo{{bar}}zap")).isEqualTo(SlotHash.slot("{bar"));
    }

    @Test
    void shouldHashTheWholeKeyWhenTheTagIsEmptyOrOpen() {
        assertThat(SlotHash.slot("foo{}{bar}")).isEqualTo(crcOf("foo{}{bar}"));
        assertThat(SlotHash.slot("foo{bar")).isEqualTo(crcOf("foo{bar"));
    }

    private static int crcOf(String key) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        return SlotHash.crc16(b, 0, b.length) & 16383;
    }
}
