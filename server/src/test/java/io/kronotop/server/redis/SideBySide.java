package io.kronotop.server.redis;

import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For tests that run one scenario against redis-server (one database, as here) and against this server: the two
 * transcripts must be equal. A scenario normalises what differs by nature (times, ids, ports) itself.
 */
abstract class SideBySide {
    static RedisOracle redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisOracle.start("--databases", "1");
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    /** Runs {@code scenario} on redis-server's port, then on this server's; the transcripts must match. */
    static void same(RunningServer server, IntFunction<List<Object>> scenario) {
        List<Object> expected = scenario.apply(redis.port());
        List<Object> actual = scenario.apply(server.port());
        assertThat(actual).isEqualTo(expected);
    }
}
