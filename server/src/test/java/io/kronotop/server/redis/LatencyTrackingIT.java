package io.kronotop.server.redis;

import io.kronotop.server.testing.RealServer;
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
 * Redis 7's latency tracking: INFO latencystats, LATENCY HISTOGRAM and their CONFIG parameters, compared with
 * redis-server. Latencies differ by nature: the comparison keeps the commands listed, their calls, the percentile
 * labels and the form of the values and buckets.
 */
@RealServer
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LatencyTrackingIT extends SideBySide {
    @AfterEach
    void defaults() {
        onBoth("CONFIG", "SET", "latency-tracking", "yes", "latency-tracking-info-percentiles",
            "50 99 99.9");
    }

    /** INFO latencystats as [command, [percentile labels]], after checking each value's form. */
    private static List<Object> latencyStats(RespClient c) {
        String text = (String) c.call("INFO", "latencystats");
        String[] lines = text.split("\r\n");
        assertThat(lines[0]).isEqualTo("# Latencystats");
        List<Object> stats = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            assertThat(line).startsWith("latency_percentiles_usec_");
            String name = line.substring("latency_percentiles_usec_".length(), line.indexOf(':'));
            List<String> labels = new ArrayList<>();
            String values = line.substring(line.indexOf(':') + 1);
            if (!values.isEmpty()) {
                for (String pair : values.split(",")) {
                    assertThat(pair).matches("p[0-9.]+=\\d+\\.\\d{3}");
                    labels.add(pair.substring(0, pair.indexOf('=')));
                }
            }
            stats.add(List.of(name, labels));
        }
        stats.sort((a, b) -> ((String) ((List<?>) a).get(0)).compareTo((String) ((List<?>) b).get(0)));
        return stats;
    }

    /** LATENCY HISTOGRAM as [command, calls], after checking that each histogram's buckets add up to its calls. */
    private static List<Object> histograms(RespClient c, String... commands) {
        List<String> request = new ArrayList<>(List.of("LATENCY", "HISTOGRAM"));
        request.addAll(List.of(commands));
        List<Object> reply = RespClient.asList(c.call(request.toArray(String[]::new)));
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < reply.size(); i += 2) {
            List<Object> body = RespClient.asList(reply.get(i + 1));
            assertThat(body.get(0)).isEqualTo("calls");
            assertThat(body.get(2)).isEqualTo("histogram_usec");
            List<Object> buckets = RespClient.asList(body.get(3));
            long previousBound = 0;
            long previousCount = 0;
            for (int j = 0; j < buckets.size(); j += 2) {
                long bound = (Long) buckets.get(j);
                long count = (Long) buckets.get(j + 1);
                assertThat(bound).isGreaterThan(previousBound);
                assertThat(count).isGreaterThan(previousCount);
                previousBound = bound;
                previousCount = count;
            }
            assertThat(previousCount).as("the last bucket holds every call").isEqualTo(body.get(1));
            out.add(List.of(reply.get(i), body.get(1)));
        }
        if (commands.length == 0) {
            // every command, in an order of the server's own (Redis's is its hash table's): compare by name
            out.sort((a, b) -> ((String) ((List<?>) a).get(0)).compareTo((String) ((List<?>) b).get(0)));
        }
        return out;
    }

    @Test
    void shouldListEachCommandsPercentilesAndHistogram(RunningServer server) {
        same(server, port -> {
            List<Object> t = new ArrayList<>();
            try (RespClient c = RespClient.connect(port)) {
                t.add(c.call("CONFIG", "GET", "latency-tracking"));
                t.add(c.call("CONFIG", "GET", "latency-tracking-info-percentiles"));
                t.add(c.call("CONFIG", "RESETSTAT"));
                for (int i = 0; i < 3; i++) {
                    t.add(c.call("SET", "{l}a", "b"));
                }
                t.add(c.call("GET", "{l}a"));
                t.add(c.call("CLIENT", "ID") instanceof Long);
                t.add(latencyStats(c));
                t.add(histograms(c, "set", "GET", "nosuch", "client|id"));
                t.add(c.call("CONFIG", "SET", "latency-tracking-info-percentiles", "50.5 99 100 0"));
                t.add(latencyStats(c));
                t.add(c.call("CONFIG", "SET", "latency-tracking-info-percentiles", ""));
                t.add(latencyStats(c));
                // off: nothing more is recorded
                t.add(c.call("CONFIG", "SET", "latency-tracking", "no"));
                t.add(c.call("SET", "{l}a", "c"));
                t.add(histograms(c, "set"));
                t.add(c.call("CONFIG", "SET", "latency-tracking", "yes"));
                // RESETSTAT forgets them
                t.add(c.call("CONFIG", "RESETSTAT"));
                t.add(histograms(c, "set", "get"));
                t.add(histograms(c));
            }
            return t;
        });
    }

    @Test
    void shouldRefuseBadSettingsAsRedisDoes(RunningServer server) {
        same(server, port -> {
            List<Object> t = new ArrayList<>();
            try (RespClient c = RespClient.connect(port)) {
                t.add(c.call("CONFIG", "SET", "latency-tracking", "maybe"));
                t.add(c.call("CONFIG", "SET", "latency-tracking-info-percentiles", "50 101"));
                t.add(c.call("CONFIG", "SET", "latency-tracking-info-percentiles", "50 x"));
                t.add(c.call("CONFIG", "SET", "latency-tracking-info-percentiles", "-1"));
                t.add(c.call("CONFIG", "GET", "latency-tracking-info-percentiles"));
            }
            return t;
        });
    }

    @Test
    void shouldRecordCommandsOfEveryReactor(RunningServer server) {
        kronotopPort = server.port();
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("CONFIG", "RESETSTAT")).isEqualTo("OK");
            // keys in every slot range: with two reactors, some commands run on the other one
            for (int i = 0; i < 200; i++) {
                c.call("SET", "spread:" + i, "v");
            }
            assertThat(histograms(c, "set")).containsExactly(List.of("set", 200L));
            // real durations: a SET takes more than 50 ns and less than a second
            String line = ((String) c.call("INFO", "latencystats")).lines()
                .filter(l -> l.startsWith("latency_percentiles_usec_set:")).findFirst().orElseThrow();
            double p50 = Double.parseDouble(line.substring(line.indexOf("p50=") + 4, line.indexOf(',')));
            assertThat(p50).isBetween(0.05, 1_000_000.0);
            assertThat(RespClient.asList(c.call("CONFIG", "GET", "server.latency_tracking")))
                .containsExactly("server.latency_tracking", "yes");
        }
    }
}
