package io.kronotop.server.redis.persist;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class PatchRangesTest {
    private static long[] pairs(PatchRanges ranges) {
        return Arrays.copyOf(ranges.pairs(), 2 * ranges.count());
    }

    @Test
    void shouldKeepRangesSortedAndJoinThoseThatOverlapOrTouch() {
        PatchRanges ranges = new PatchRanges();
        ranges.add(10, 20);
        ranges.add(0, 5);
        ranges.add(30, 40);
        assertThat(pairs(ranges)).containsExactly(0, 5, 10, 20, 30, 40);
        ranges.add(5, 10);
        assertThat(pairs(ranges)).as("touching ranges join").containsExactly(0, 20, 30, 40);
        ranges.add(15, 35);
        assertThat(pairs(ranges)).containsExactly(0, 40);
        assertThat(ranges.bytes()).isEqualTo(40);
        ranges.add(7, 7);
        assertThat(pairs(ranges)).as("an empty range changes nothing").containsExactly(0, 40);
        ranges.add(50, 51);
        ranges.add(45, 46);
        assertThat(pairs(ranges)).containsExactly(0, 40, 45, 46, 50, 51);
        assertThat(ranges.bytes()).isEqualTo(42);
    }

    @Test
    void shouldJoinTheClosestRangesBeyondTheLimit() {
        PatchRanges ranges = new PatchRanges();
        for (int i = 0; i < PatchRanges.MAX_RANGES; i++) {
            ranges.add(i * 100L, i * 100L + 1);
        }
        assertThat(ranges.count()).isEqualTo(PatchRanges.MAX_RANGES);
        ranges.add(1003, 1004); // 2 bytes after the range at 1000
        assertThat(ranges.count()).isEqualTo(PatchRanges.MAX_RANGES);
        long[] pairs = pairs(ranges);
        assertThat(Arrays.copyOfRange(pairs, 20, 22)).as("joined with its nearest neighbour")
            .containsExactly(1000, 1004);
        assertThat(ranges.bytes()).isEqualTo(PatchRanges.MAX_RANGES - 1 + 4);
    }
}
