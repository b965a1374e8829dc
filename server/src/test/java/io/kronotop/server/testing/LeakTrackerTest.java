package io.kronotop.server.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The leak check can fail: a buffer dropped without release is reported. */
class LeakTrackerTest {
    @Test
    void shouldFailWhenABufferIsNeverReleased() {
        LeakTracker.assertNoLeaks();
        leakOne();
        assertThatThrownBy(LeakTracker::assertNoLeaks).isInstanceOf(AssertionError.class).hasMessageContaining("LEAK");
    }

    private static void leakOne() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(32);
        buf.writeLong(42);
    }
}
