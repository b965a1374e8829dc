package io.kronotop.server.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The leak check can fail: a buffer dropped without release is reported. */
class LeakTrackerTest {
    @Test
    void shouldFailWhenABufferIsNeverReleased() {
        LeakTracker.assertNoLeaks();
        leakOne();
        // The collector may take more than one System.gc() to enqueue the dropped buffer's reference.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThatThrownBy(LeakTracker::assertNoLeaks).isInstanceOf(AssertionError.class)
                .hasMessageContaining("LEAK"));
    }

    private static void leakOne() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(32);
        buf.writeLong(42);
    }
}
