package io.kronotop.server.redis;

import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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

    /** This server's client port once a test has named it ({@link #same} does), else 0. */
    int kronotopPort;
    /** This server's administration port once a test that pauses clients has named it, else 0. */
    int kronotopAdminPort;

    /** Whatever pause a failed test left behind ends: the administration port is never paused. */
    @AfterEach
    void unpauseKronotop() {
        if (kronotopAdminPort > 0) {
            try (RespClient admin = RespClient.connect(kronotopAdminPort)) {
                admin.call("CLIENT", "UNPAUSE");
            }
        }
    }

    /** A numeric field of {@code INFO section}. */
    static long infoField(RespClient c, String section, String name) {
        for (String line : ((String) c.call("INFO", section)).split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError(name + " not in INFO " + section);
    }

    /** Sends {@code command} to redis-server and, once its port is known, to this server: to restore settings. */
    void onBoth(String... command) {
        for (int port : new int[] {redis.port(), kronotopPort}) {
            if (port > 0) {
                try (RespClient c = RespClient.connect(port)) {
                    c.call(command);
                }
            }
        }
    }

    /** Runs {@code scenario} on redis-server's port, then on this server's; the transcripts must match. */
    void same(RunningServer server, IntFunction<List<Object>> scenario) {
        kronotopPort = server.port();
        List<Object> expected = scenario.apply(redis.port());
        List<Object> actual = scenario.apply(server.port());
        assertThat(actual).isEqualTo(expected);
    }
}
