package io.kronotop.perf.suite;

import io.kronotop.perf.load.CommandTemplate;
import io.kronotop.perf.load.KeyPattern;
import io.kronotop.perf.load.LoadConfig;
import io.kronotop.perf.load.LoadGenerator;
import io.kronotop.perf.load.LoadResult;
import io.kronotop.perf.resp.BlockingRespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Short generator runs and a one-round suite against a real redis-server on a free port. */
@Timeout(120)
class RedisGeneratorIT {
    private static final String REDIS_SERVER = "/usr/bin/redis-server";
    private static final String REDIS_BENCHMARK = "/usr/bin/redis-benchmark";

    @TempDir
    static Path work;
    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(REDIS_SERVER)),
                REDIS_SERVER + " is missing: install Debian's redis-server (bin/test does) to run this test");
        redis = new RedisServerProcess(REDIS_SERVER, RedisServerProcess.Persistence.NONE, work, List.of());
        redis.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void shouldWriteEveryKeyOfASequentialSetRun() throws Exception {
        LoadConfig config = LoadConfig.builder().port(redis.port()).threads(2).connectionsPerThread(4).pipeline(8)
                .keyPrefix("seq:").keySpace(0, 4_999).keyPattern(KeyPattern.SEQUENTIAL).valueSize(10, 100)
                .requests(5_000).command(CommandTemplate.of("SET __key__ __data__"), 1).build();

        LoadResult result = new LoadGenerator(config).run();

        assertThat(result.requests()).isEqualTo(5_000);
        assertThat(result.latency().getTotalCount()).isEqualTo(5_000);
        assertThat(result.errors()).isZero();
        try (BlockingRespClient client = new BlockingRespClient("127.0.0.1", redis.port(), 5_000)) {
            assertThat(client.call("EXISTS", "seq:0", "seq:2500", "seq:4999")).isEqualTo(3L);
            Object length = client.call("STRLEN", "seq:1234");
            assertThat((Long) length).isBetween(10L, 100L);
        }
    }

    @Test
    void shouldRunAHashMixOverResp3() throws Exception {
        LoadConfig config = LoadConfig.builder().port(redis.port()).protocol(3).connectionsPerThread(4).pipeline(4)
                .keyPrefix("h3:").requests(4_000).command(CommandTemplate.of("HSET __key__ f __data__"), 1)
                .command(CommandTemplate.of("HGET __key__ f"), 3).build();

        LoadResult result = new LoadGenerator(config).run();

        assertThat(result.completedPerCommand()).containsEntry("HSET", 1_000L).containsEntry("HGET", 3_000L);
        assertThat(result.errors()).isZero();
    }

    @Test
    void shouldCountRedisErrorRepliesAsErrors() throws Exception {
        LoadConfig config = LoadConfig.builder().port(redis.port()).connectionsPerThread(2).requests(100)
                .command(CommandTemplate.of("NOSUCHCOMMAND __key__"), 1).build();

        LoadResult result = new LoadGenerator(config).run();

        assertThat(result.errors()).isEqualTo(100);
        assertThat(result.errorSamples().keySet()).allSatisfy(m -> assertThat(m).startsWith("ERR unknown command"));
    }

    @Test
    void shouldChargeAServerStallToEveryRequestDueDuringItInOpenLoop() throws Exception {
        // 8 connections at 250 ops/s each; a Lua busy loop stalls Redis for 300 ms once the run is going.
        LoadConfig config = LoadConfig.builder().port(redis.port()).connectionsPerThread(8).pipeline(1)
                .keyPrefix("ol:").keySpace(0, 9).requests(4_000).targetOpsPerSec(2_000)
                .command(CommandTemplate.of("SET __key__ __data__"), 1).command(CommandTemplate.of("GET __key__"), 1)
                .build();
        LoadGenerator generator = new LoadGenerator(config);
        java.util.concurrent.CompletableFuture<LoadResult> run = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return generator.run();
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
        try (BlockingRespClient client = new BlockingRespClient("127.0.0.1", redis.port(), 10_000)) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> (Long) client.call("EXISTS", "ol:0", "ol:1", "ol:2", "ol:3", "ol:4") > 0);
            client.call("EVAL", "local t = redis.call('TIME'); local start = t[1] * 1000000 + t[2]; "
                    + "repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] - start >= 300000; return 1", "0");
        }

        LoadResult result = run.get(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(result.requests()).isEqualTo(4_000);
        assertThat(result.errors()).isZero();
        assertThat(result.latency().getTotalCount()).isEqualTo(4_000);
        assertThat(result.serviceLatency().getTotalCount()).isEqualTo(4_000);
        // From the due time is never shorter than from the send, request by request, hence at every percentile.
        for (double p : new double[] {50, 90, 99, 99.9, 100}) {
            assertThat(result.latency().getValueAtPercentile(p))
                    .isGreaterThanOrEqualTo(result.serviceLatency().getValueAtPercentile(p));
        }
        // About 600 requests fell due during the stall; at most one per connection was on the wire then,
        // the rest waited in the client: their wait counts from the due time only.
        long slowCorrected = result.latency().getCountBetweenValues(100_000_000L, Long.MAX_VALUE / 2);
        long slowService = result.serviceLatency().getCountBetweenValues(100_000_000L, Long.MAX_VALUE / 2);
        assertThat(slowCorrected).isGreaterThan(100);
        assertThat(slowService).isLessThanOrEqualTo(8);
    }

    @Test
    void shouldWriteASuiteReportWithPlotAndCrossCheck(@TempDir Path out) throws Exception {
        boolean benchmark = Files.isExecutable(Path.of(REDIS_BENCHMARK));
        List<Workload> workloads = List.of(
                new Workload("ping", List.of(CommandTemplate.of("PING")), List.of(1), 8, 1, "key:", 1_000, 16, false),
                new Workload("set-get-p4", List.of(CommandTemplate.of("SET __key__ __data__"),
                        CommandTemplate.of("GET __key__")), List.of(1, 1), 8, 4, "key:", 1_000, 16, true));
        SuiteConfig config = new SuiteConfig(workloads, List.of("redis", "redis-aof-everysec"), 1,
                Duration.ofMillis(300), Duration.ofMillis(100), 1, benchmark ? 0.05 : 0, 1, REDIS_SERVER,
                benchmark ? REDIS_BENCHMARK : null, "java", "", List.of(), List.of(), out, List.of(), List.of(),
                "RedisGeneratorIT", List.of(new CrossCheck.Shape(1, 1), new CrossCheck.Shape(8, 4)), 1, true,
                Duration.ofSeconds(1));

        Path report = ReportWriter.write(new SideBySideRunner(config).run(), out);

        String md = Files.readString(report);
        assertThat(md).contains("| ping | redis |", "| set-get-p4 | redis-aof-everysec |", "Redis server v=");
        assertThat(md).doesNotContain("| ping | redis-aof-everysec |");
        if (benchmark) {
            assertThat(md).contains("## Cross-check", "| `PING` | 1x1 |", "| `GET __key__` | 8x4 |", "| round trip |",
                    "Comparable runs");
            if (Runtime.getRuntime().availableProcessors() >= 2) {
                assertThat(md).contains("Redis pinned to CPU 0, redis-benchmark and the generator's event-loop thread "
                        + "to CPU 1");
            }
        }
        assertThat(out.resolve("set-get-p4-redis.hgrm")).isNotEmptyFile();
        assertThat(out.resolve("plot.png")).isNotEmptyFile();
    }
}
