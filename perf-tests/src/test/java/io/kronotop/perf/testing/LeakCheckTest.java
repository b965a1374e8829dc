package io.kronotop.perf.testing;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeakCheckTest {

    @Test
    void shouldFailWhenABufferIsNeverReleased() {
        leak();
        assertThatThrownBy(LeakCheck::assertNoLeaks).isInstanceOf(AssertionError.class).hasMessageContaining("LEAK");
    }

    private static void leak() {
        PooledByteBufAllocator.DEFAULT.directBuffer(64).writeLong(1);
    }
}
