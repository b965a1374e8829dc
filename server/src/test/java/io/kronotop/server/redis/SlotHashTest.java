package io.kronotop.server.redis;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SlotHashTest {
    private static int slot(String key) {
        return SlotHash.slot(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldMatchRedisClusterSlots() {
        // Values from Redis's CLUSTER KEYSLOT.
        assertThat(slot("123456789")).isEqualTo(0x31C3 & 16383);
        assertThat(slot("foo")).isEqualTo(12182);
        assertThat(slot("bar")).isEqualTo(5061);
        assertThat(slot("")).isZero();
    }

    @Test
    void shouldHashOnlyTheFirstNonEmptyTag() {
        assertThat(slot("{user1000}.following")).isEqualTo(slot("{user1000}.followers")).isEqualTo(slot("user1000"));
        assertThat(slot("foo{}{bar}")).isNotEqualTo(slot("bar"));
        assertThat(slot("foo{{bar}}zap")).isEqualTo(slot("{bar"));
        assertThat(slot("foo{bar}{zap}")).isEqualTo(slot("bar"));
    }

    @Test
    void shouldGiveTheSameSlotForBytesInABuffer() {
        for (String key : new String[] {"a", "{x}y", "foo{}{bar}", "\u00e9t\u00e9", "k:123"}) {
            byte[] bytes = ("pre" + key + "post").getBytes(StandardCharsets.UTF_8);
            int length = key.getBytes(StandardCharsets.UTF_8).length;
            assertThat(SlotHash.slot(Unpooled.wrappedBuffer(bytes), 3, length)).as(key).isEqualTo(slot(key));
            assertThat(SlotHash.slot(bytes, 3, length)).as(key).isEqualTo(slot(key));
        }
    }
}
