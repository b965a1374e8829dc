package io.kronotop.server.metrics;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTest {
    @Test
    void shouldCoverEveryValueWithContiguousBucketsAtMostOneSixtyFourthWide() {
        assertThat(LatencyHistogram.lowest(0)).isZero();
        for (int b = 0; b < LatencyHistogram.BUCKETS - 1; b++) {
            long low = LatencyHistogram.lowest(b);
            long high = LatencyHistogram.highest(b);
            assertThat(LatencyHistogram.lowest(b + 1)).isEqualTo(high + 1);
            assertThat(LatencyHistogram.bucket(low)).isEqualTo(b);
            assertThat(LatencyHistogram.bucket(high)).isEqualTo(b);
            if (low >= 64) { // below, each nanosecond has a bucket
                assertThat((double) (high - low + 1) / low).as("width of bucket %d", b).isLessThanOrEqualTo(1.0 / 64);
            } else {
                assertThat(high).isEqualTo(low);
            }
        }
        assertThat(LatencyHistogram.bucket(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
        assertThat(LatencyHistogram.bucket(-5)).isZero();
    }

    @Test
    void shouldGivePercentilesWithinTwoPercentOfTheExactOnes() {
        SplittableRandom random = new SplittableRandom(7);
        LatencyHistogram histogram = new LatencyHistogram(2);
        long[] values = new long[200_000];
        for (int i = 0; i < values.length; i++) {
            // log-uniform from 100 ns to 100 ms, as command latencies spread
            values[i] = (long) Math.pow(10, 2 + random.nextDouble() * 6);
            histogram.record(values[i]);
        }
        Arrays.sort(values);
        Histogram hdr = LatencyHistogram.toHdr(histogram.counts());
        assertThat(hdr.getTotalCount()).isEqualTo(values.length);
        for (double p : new double[] {1, 50, 90, 99, 99.9, 100}) {
            long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
            assertThat((double) hdr.getValueAtPercentile(p)).as("p%s", p).isCloseTo(exact, within(exact * 0.02 + 1));
        }
    }

    @Test
    void shouldCountFromZeroAfterAReset() {
        LatencyHistogram histogram = new LatencyHistogram(1);
        assertThat(histogram.isEmpty()).isTrue();
        histogram.record(1_000);
        histogram.record(2_000_000_000L); // beyond Redis's 1 s bound: clamped in the HdrHistogram
        assertThat(histogram.isEmpty()).isFalse();
        Histogram hdr = LatencyHistogram.toHdr(histogram.counts());
        assertThat(hdr.getTotalCount()).isEqualTo(2);
        assertThat(hdr.getMaxValue()).isBetween(990_000_000L, 1_010_000_000L);
        histogram.reset();
        assertThat(histogram.isEmpty()).isTrue();
        histogram.record(5_000);
        assertThat(LatencyHistogram.toHdr(histogram.counts()).getTotalCount()).isEqualTo(1);
    }
}
