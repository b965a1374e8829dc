package io.kronotop.volume.changelog;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class HybridLogicalClockTest {
    @Test
    void shouldCountWithinAMillisecondAndFollowTheWallClock() {
        AtomicLong nowMs = new AtomicLong(100);
        HybridLogicalClock clock = new HybridLogicalClock(nowMs::get);

        long first = clock.next();
        long second = clock.next();
        nowMs.set(101);
        long third = clock.next();

        assertThat(first).isEqualTo(100L << HybridLogicalClock.LOGICAL_BITS);
        assertThat(second).isEqualTo(first + 1);
        assertThat(third).isEqualTo(101L << HybridLogicalClock.LOGICAL_BITS);
        assertThat(HybridLogicalClock.physicalMs(third)).isEqualTo(101);
    }

    @Test
    void shouldKeepIncreasingWhenTheClockGoesBackOrAfterObservingALaterNumber() {
        AtomicLong nowMs = new AtomicLong(100);
        HybridLogicalClock clock = new HybridLogicalClock(nowMs::get);
        long before = clock.next();

        nowMs.set(50);
        assertThat(clock.next()).isEqualTo(before + 1);
        clock.observe(500L << HybridLogicalClock.LOGICAL_BITS);
        assertThat(clock.next()).isEqualTo((500L << HybridLogicalClock.LOGICAL_BITS) + 1);
    }
}
