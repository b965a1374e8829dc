package io.kronotop.server.redis;

import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the cases of an {@link OracleScript} table against Debian's redis-server and against this server, in
 * RESP2 and in RESP3, and fails on the first reply that differs. Each case starts from an empty keyspace.
 */
abstract class OracleHarness {
    private static RedisOracle oracle;

    @BeforeAll
    static void startOracle() {
        // one logical database, as here
        oracle = RedisOracle.start("--databases", "1");
    }

    @AfterAll
    static void stopOracle() {
        if (oracle != null) {
            oracle.close();
        }
    }

    static int oraclePort() {
        return oracle.port();
    }

    /** One dynamic test per case and protocol. */
    Stream<DynamicTest> cases(RunningServer server, String table) {
        List<DynamicTest> tests = new ArrayList<>();
        for (OracleScript.Case c : OracleScript.parse(table)) {
            for (int protocol : new int[] {2, 3}) {
                tests.add(DynamicTest.dynamicTest(c.name() + " (RESP" + protocol + ")",
                    () -> run(server.port(), c, protocol)));
            }
        }
        return tests.stream();
    }

    static void run(int port, OracleScript.Case c, int protocol) {
        try (RawClient ours = new RawClient(port); RawClient redis = new RawClient(oracle.port())) {
            for (RawClient client : List.of(ours, redis)) {
                if (protocol == 3) {
                    client.call("HELLO", "3");
                }
                client.call("FLUSHALL");
            }
            StringBuilder transcript = new StringBuilder();
            for (OracleScript.Step step : c.steps()) {
                Reply expected = redis.call(step.args());
                Reply actual = ours.call(step.args());
                transcript.append("> ").append(step.text()).append('\n').append("  redis: ").append(expected)
                    .append('\n');
                Reply e = expected;
                Reply a = actual;
                switch (step.mode()) {
                    case '~' -> {
                        e = expected.sorted();
                        a = actual.sorted();
                    }
                    case '!' -> {
                        e = expected.shape();
                        a = actual.shape();
                    }
                    case '?' -> {
                        continue;
                    }
                    default -> {
                    }
                }
                if (!e.equals(a)) {
                    throw new AssertionError("case '" + c.name() + "' RESP" + protocol + ": reply to '"
                        + step.text() + "' differs\n  redis:    " + expected + "\n  kronotop: " + actual
                        + "\ntranscript:\n" + transcript);
                }
            }
        }
    }
}
