package io.kronotop.perf.suite;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CrossCheckTest {

    /** One round of each tool: throughput, the tool's own CPU and Redis's CPU under it (% of a core). */
    private static CrossCheck check(int connections, double ours, double oursCpu, double redisUnderOurs,
            double theirs, double theirsCpu, double redisUnderTheirs) {
        CrossCheck x = new CrossCheck("PING", new CrossCheck.Shape(connections, 1), 1000, 1, 1);
        x.addGenerator(ours, 0.1, redisUnderOurs, oursCpu);
        x.addRedisBenchmark(new RedisBenchmark.Result("redis-benchmark", theirs, 0.1, 0.2, 0.3, theirsCpu),
                redisUnderTheirs);
        return x;
    }

    @Test
    void shouldHoldOneConnectionRunsToTheBandAsRoundTripBound() {
        CrossCheck close = check(1, 114, 95, 40, 100, 45, 40);
        CrossCheck far = check(1, 120, 50, 40, 100, 45, 40);

        assertThat(close.limit()).isEqualTo("round trip");
        assertThat(close.comparable()).isTrue();
        assertThat(close.verdict()).isEqualTo("agree");
        assertThat(far.verdict()).isEqualTo("DISAGREE");
    }

    @Test
    void shouldHoldRunsWhereRedisWasAtItsCoreUnderBothToTheBand() {
        CrossCheck x = check(50, 86, 60, 97, 100, 40, 95);

        assertThat(x.limit()).isEqualTo("Redis");
        assertThat(x.verdict()).isEqualTo("agree");
        assertThat(check(50, 80, 60, 97, 100, 40, 95).verdict()).isEqualTo("DISAGREE");
    }

    @Test
    void shouldNameWhatSetTheRateOtherwiseAndNotHoldItToTheBand() {
        CrossCheck rbBound = check(50, 150, 80, 95, 100, 96, 75);
        assertThat(rbBound.comparable()).isFalse();
        assertThat(rbBound.limit()).isEqualTo("redis-benchmark's CPU");
        assertThat(rbBound.verdict()).isEqualTo("not comparable (outside 15%)");

        assertThat(check(50, 70, 95, 60, 100, 50, 80).limit()).isEqualTo("generator's CPU");
        assertThat(check(50, 100, 95, 60, 105, 97, 60).limit()).isEqualTo("both clients' CPU");
        CrossCheck shared = check(50, 140, 60, 50, 100, 55, 40);
        assertThat(shared.limit()).isEqualTo("shared CPU");
        assertThat(shared.comparable()).isFalse();
    }

    @Test
    void shouldScaleTheBusyThresholdWithThreads() {
        CrossCheck x = new CrossCheck("PING", new CrossCheck.Shape(50, 1), 1000, 2, 2);
        x.addGenerator(100, 0.1, 50, 150);
        x.addRedisBenchmark(new RedisBenchmark.Result("rb", 100, 0.1, 0.2, 0.3, 170), 50);

        assertThat(x.limit()).isEqualTo("shared CPU");
    }

    @Test
    void shouldGiveEachClientsCpuPerRequest() {
        CrossCheck x = check(50, 100_000, 90, 95, 80_000, 100, 80);

        assertThat(x.generatorCpuMicrosPerRequest()).isCloseTo(9.0, within(1e-9));
        assertThat(x.redisBenchmarkCpuMicrosPerRequest()).isCloseTo(12.5, within(1e-9));
    }

    @Test
    void shouldTakeTheRatioRoundByRound() {
        CrossCheck x = check(50, 100, 50, 50, 100, 50, 50); // 1.0
        x.addGenerator(300, 0.1, 50, 50);
        x.addRedisBenchmark(new RedisBenchmark.Result("rb", 250, 0.1, 0.2, 0.3, 50), 50); // 1.2: a fast round
        x.addGenerator(90, 0.1, 50, 50);
        x.addRedisBenchmark(new RedisBenchmark.Result("rb", 100, 0.1, 0.2, 0.3, 50), 50); // 0.9

        assertThat(x.ratio()).isCloseTo(1.0, within(1e-9));
        assertThat(x.ratioRange()).containsExactly(0.9, 1.2);
    }

    @Test
    void shouldTakeMediansOverRounds() {
        CrossCheck x = check(50, 100, 50, 50, 100, 50, 50);
        x.addGenerator(300, 0.1, 50, 50);
        x.addGenerator(110, 0.1, 50, 50);
        assertThat(x.generatorMedianOps()).isEqualTo(110);
    }

    @Test
    void shouldParseShapes() {
        assertThat(CrossCheck.Shape.parse("50x16")).isEqualTo(new CrossCheck.Shape(50, 16));
        assertThat(CrossCheck.Shape.parse(" 1X1 ").toString()).isEqualTo("1x1");
        assertThatThrownBy(() -> CrossCheck.Shape.parse("50")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CrossCheck.Shape.parse("0x1")).isInstanceOf(IllegalArgumentException.class);
    }
}
