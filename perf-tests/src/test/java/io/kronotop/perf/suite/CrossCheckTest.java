package io.kronotop.perf.suite;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CrossCheckTest {

    private static CrossCheck check(double ours, double oursCpu, double theirs, double theirsCpu) {
        CrossCheck x = new CrossCheck("PING", 50, 1, 1000);
        x.addGenerator(ours, 0.1, oursCpu);
        x.addRedisBenchmark(new RedisBenchmark.Result("redis-benchmark", theirs, 0.1, 0.2, 0.3), theirsCpu);
        return x;
    }

    @Test
    void shouldAgreeWithinFifteenPercent() {
        assertThat(check(114, 90, 100, 90).verdict()).isEqualTo("agree");
        assertThat(check(86, 90, 100, 90).verdict()).isEqualTo("agree");
    }

    @Test
    void shouldBlameTheToolUnderWhichRedisWasIdler() {
        assertThat(check(150, 95, 100, 70).verdict()).isEqualTo("disagree: Redis idler under redis-benchmark");
        assertThat(check(70, 60, 100, 95).verdict()).isEqualTo("disagree: Redis idler under the generator");
        assertThat(check(150, 80, 100, 80).verdict()).isEqualTo("disagree");
    }

    @Test
    void shouldTakeMediansOverRounds() {
        CrossCheck x = check(100, 50, 100, 50);
        x.addGenerator(300, 0.1, 50);
        x.addGenerator(110, 0.1, 50);
        assertThat(x.generatorMedianOps()).isEqualTo(110);
    }
}
