package io.kronotop.server.redis;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RedisCli;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SLOWLOG and its two CONFIG parameters, compared with redis-server: the same commands logged with the same
 * arguments (truncated, redacted) and names, the same errors. Ids, times, durations and client ports differ by
 * nature and are checked for their form only.
 */
@RealServer
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlowLogIT extends SideBySide {
    @AfterEach
    void defaults() {
        onBoth("CONFIG", "SET", "slowlog-log-slower-than", "10000", "slowlog-max-len", "128");
    }

    /** An entry without what varies: its arguments and client name, after checking the rest's form. */
    private static List<Object> stable(Object entry, long[] lastId) {
        List<Object> fields = RespClient.asList(entry);
        assertThat(fields).hasSize(6);
        long id = (Long) fields.get(0);
        assertThat(id).as("ids go down, newest first").isLessThan(lastId[0]);
        lastId[0] = id;
        assertThat((Long) fields.get(1)).isBetween(System.currentTimeMillis() / 1000 - 60,
            System.currentTimeMillis() / 1000 + 1);
        assertThat((Long) fields.get(2)).isNotNegative();
        assertThat((String) fields.get(4)).matches("127\\.0\\.0\\.1:\\d+");
        return List.of(fields.get(3), fields.get(5));
    }

    private static List<Object> entries(RespClient c, String... count) {
        List<String> command = new ArrayList<>(List.of("SLOWLOG", "GET"));
        command.addAll(List.of(count));
        long[] lastId = {Long.MAX_VALUE};
        List<Object> list = new ArrayList<>();
        for (Object entry : RespClient.asList(c.call(command.toArray(String[]::new)))) {
            list.add(stable(entry, lastId));
        }
        return list;
    }

    @Test
    void shouldLogCommandsWithTruncatedAndRedactedArguments(RunningServer server) {
        same(server, port -> {
            List<Object> t = new ArrayList<>();
            try (RespClient c = RespClient.connect(port)) {
                t.add(c.call("CONFIG", "SET", "slowlog-log-slower-than", "0"));
                t.add(c.call("SLOWLOG", "RESET"));
                t.add(c.call("SET", "{s}k", "v"));
                t.add(c.call("GET", "{s}k"));
                t.add(c.call("NOSUCHCOMMAND")); // refused before it runs: not logged
                t.add(c.call("GET")); // likewise
                t.add(c.call("AUTH", "secret")); // runs, fails, and is logged redacted
                t.add(c.call("HELLO", "2", "AUTH", "default", "secret") instanceof List);
                t.add(c.call("CLIENT", "SETNAME", "tester"));
                t.add(c.call("SET", "{s}" + "a".repeat(200), "v"));
                List<String> mset = new ArrayList<>(List.of("MSET"));
                for (int i = 0; i < 20; i++) {
                    mset.add("{s}k" + i);
                    mset.add("v");
                }
                t.add(c.call(mset.toArray(String[]::new)));
                t.add(c.call("MULTI"));
                t.add(c.call("INCR", "{s}n"));
                t.add(c.call("EXEC"));
                t.add(c.call("SLOWLOG", "LEN"));
                t.add(entries(c));
                t.add(entries(c, "2"));
                t.add(entries(c, "0"));
                t.add(entries(c, "-1").size());
            }
            return t;
        });
    }

    @Test
    void shouldHonourTheThresholdAndTheLengthAndRefuseBadValues(RunningServer server) {
        same(server, port -> {
            List<Object> t = new ArrayList<>();
            try (RespClient c = RespClient.connect(port)) {
                t.add(c.call("SLOWLOG", "GET", "-2"));
                t.add(c.call("SLOWLOG", "GET", "x"));
                t.add(c.call("SLOWLOG", "GET", "1", "2"));
                t.add(c.call("SLOWLOG", "LEN", "x"));
                t.add(c.call("CONFIG", "SET", "slowlog-log-slower-than", "-2"));
                t.add(c.call("CONFIG", "SET", "slowlog-log-slower-than", "x"));
                t.add(c.call("CONFIG", "SET", "slowlog-max-len", "-1"));
                t.add(c.call("CONFIG", "SET", "slowlog-max-len", "+3"));
                // all or nothing: the bad second value leaves the first unchanged
                t.add(c.call("CONFIG", "SET", "slowlog-max-len", "5", "slowlog-log-slower-than", "x"));
                t.add(c.call("CONFIG", "GET", "slowlog-max-len"));
                t.add(c.call("CONFIG", "SET", "slowlog-log-slower-than", "-1"));
                t.add(c.call("SLOWLOG", "RESET"));
                t.add(c.call("SET", "{s}off", "v"));
                t.add(c.call("SLOWLOG", "LEN"));
                t.add(c.call("CONFIG", "SET", "slowlog-max-len", "2", "slowlog-log-slower-than", "0"));
                for (int i = 0; i < 5; i++) {
                    t.add(c.call("INCR", "{s}counter"));
                }
                t.add(c.call("SLOWLOG", "LEN"));
                t.add(entries(c));
                t.add(c.call("CONFIG", "GET", "slowlog-log-slower-than"));
                // the default threshold, 10 ms: a GET is far quicker
                t.add(c.call("CONFIG", "SET", "slowlog-log-slower-than", "10000"));
                t.add(c.call("SLOWLOG", "RESET"));
                t.add(c.call("GET", "{s}counter"));
                t.add(c.call("SLOWLOG", "LEN"));
            }
            return t;
        });
    }

    @Test
    void shouldLogCommandsOfEveryReactorAndRedactAPasswordSetThroughConfig(RunningServer server) {
        kronotopPort = server.port();
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("CONFIG", "SET", "slowlog-log-slower-than", "0")).isEqualTo("OK");
            assertThat(c.call("SLOWLOG", "RESET")).isEqualTo("OK");
            // keys in every slot range: with two reactors, some commands run on the other one
            for (int i = 0; i < 20; i++) {
                c.call("SET", "spread:" + i, "v");
            }
            assertThat(c.call("CONFIG", "SET", "auth.requirepass", "hunter2")).isInstanceOf(RespClient.Err.class);
            List<Object> all = entries(c, "-1");
            assertThat(all).hasSize(22); // RESET, 20 SETs, CONFIG SET
            assertThat(all.get(0)).isEqualTo(List.of(List.of("CONFIG", "SET", "auth.requirepass", "(redacted)"), ""));
            for (int i = 0; i < 20; i++) {
                assertThat(all.get(20 - i)).isEqualTo(List.of(List.of("SET", "spread:" + i, "v"), ""));
            }
            // the Kronotop keys show the values in effect
            assertThat(RespClient.asList(c.call("CONFIG", "GET", "server.slowlog.log_slower_than_us")))
                .containsExactly("server.slowlog.log_slower_than_us", "0");
        }
        // and SLOWLOG GET and CONFIG GET since
        assertThat(RedisCli.run(server.port(), "SLOWLOG", "LEN").strip()).isEqualTo("24");
    }
}
