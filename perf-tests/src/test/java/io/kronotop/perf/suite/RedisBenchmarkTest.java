package io.kronotop.perf.suite;

import io.kronotop.perf.load.CommandTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RedisBenchmarkTest {

    @Test
    void shouldParseTheCsvLine() throws Exception {
        String out = "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\",\"p95_latency_ms\","
                + "\"p99_latency_ms\",\"max_latency_ms\"\n"
                + "\"SET key:__rand_int__ xxx\",\"90375.05\",\"0.291\",\"0.120\",\"0.287\",\"0.343\",\"0.471\",\"2.663\"\n";

        RedisBenchmark.Result r = RedisBenchmark.parseCsv(out, "cmd");

        assertThat(r.opsPerSec()).isEqualTo(90375.05);
        assertThat(r.p50Ms()).isEqualTo(0.287);
        assertThat(r.p99Ms()).isEqualTo(0.471);
        assertThat(r.maxMs()).isEqualTo(2.663);
    }

    @Test
    void shouldReadItsOwnCpuTimeFromTheShellsTimes() {
        String out = "\"PING_MBULK\",\"13131.98\",\"0.070\",\"0.016\",\"0.071\",\"0.103\",\"0.119\",\"2.831\"\n"
                + "0m0.000000s 0m0.000000s\n0m0.400000s 0m1.100000s\n";

        assertThat(RedisBenchmark.cpuPercent(out, 2_000_000_000L)).isCloseTo(75.0, within(1e-9));
        assertThat(RedisBenchmark.cpuPercent("no times here", 2_000_000_000L)).isEqualTo(-1);
    }

    @Test
    void shouldTranslateTemplatesToRedisBenchmarkArguments() {
        assertThat(RedisBenchmark.commandArgs(CommandTemplate.inline("PING"), "k:", 3)).containsExactly("-t",
                "ping_inline");
        assertThat(RedisBenchmark.commandArgs(CommandTemplate.of("PING"), "k:", 3)).containsExactly("-t", "ping_mbulk");
        assertThat(RedisBenchmark.commandArgs(CommandTemplate.of("HSET __key__ f __data__"), "h:", 3))
                .containsExactly("HSET", "h:__rand_int__", "f", "xxx");
    }
}
