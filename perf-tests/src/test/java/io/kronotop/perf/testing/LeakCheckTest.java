package io.kronotop.perf.testing;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LeakCheckTest {

    @Test
    void shouldFailWhenABufferIsNeverReleased() {
        leak();
        // The report comes once the buffer is collected and a detector polls: retry until it has come, so
        // that it cannot land in another test.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThatThrownBy(LeakCheck::assertNoLeaks).isInstanceOf(AssertionError.class)
                        .hasMessageContaining("LEAK"));
    }

    private static void leak() {
        PooledByteBufAllocator.DEFAULT.directBuffer(64).writeLong(1);
    }
}
