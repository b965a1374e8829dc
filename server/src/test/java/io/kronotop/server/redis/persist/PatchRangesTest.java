package io.kronotop.server.redis.persist;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class PatchRangesTest {
    private static long[] pairs(PatchRanges ranges) {
        return Arrays.copyOf(ranges.pairs(), 2 * ranges.count());
    }

    @Test
    void shouldKeepRangesSortedAndJoinThoseThatOverlapOrNearlyTouch() {
        PatchRanges ranges = new PatchRanges();
        ranges.add(100, 200);
        ranges.add(0, 50);
        ranges.add(300, 400);
        assertThat(pairs(ranges)).containsExactly(0, 50, 100, 200, 300, 400);
        ranges.add(60, 92);
        assertThat(pairs(ranges)).as("within 8 bytes: joined, the gap written too")
            .containsExactly(0, 50, 60, 200, 300, 400);
        ranges.add(50, 60);
        assertThat(pairs(ranges)).containsExactly(0, 200, 300, 400);
        ranges.add(150, 350);
        assertThat(pairs(ranges)).containsExactly(0, 400);
        assertThat(ranges.bytes()).isEqualTo(400);
        ranges.add(7, 7);
        assertThat(pairs(ranges)).as("an empty range changes nothing").containsExactly(0, 400);
        ranges.add(500, 510);
        ranges.add(450, 460);
        assertThat(pairs(ranges)).containsExactly(0, 400, 450, 460, 500, 510);
        assertThat(ranges.bytes()).isEqualTo(420);
    }

    @Test
    void shouldKeepScatteredRangesApartUpToTheLimitThenJoinTheClosest() {
        PatchRanges ranges = new PatchRanges();
        for (int i = PatchRanges.MAX_RANGES - 1; i >= 0; i--) {
            ranges.add(i * 1000L, i * 1000L + 1); // scattered bits of a large bitmap, in any order
        }
        assertThat(ranges.count()).isEqualTo(PatchRanges.MAX_RANGES);
        assertThat(ranges.bytes()).isEqualTo(PatchRanges.MAX_RANGES);
        ranges.add(5020, 5021); // 19 bytes after the range at 5000, farther than the join gap
        assertThat(ranges.count()).isEqualTo(PatchRanges.MAX_RANGES);
        long[] pairs = pairs(ranges);
        assertThat(Arrays.copyOfRange(pairs, 10, 12)).as("joined with its nearest neighbour")
            .containsExactly(5000, 5021);
        assertThat(ranges.bytes()).isEqualTo(PatchRanges.MAX_RANGES - 1 + 21);
    }
}
