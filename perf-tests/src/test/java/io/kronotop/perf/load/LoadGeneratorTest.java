package io.kronotop.perf.load;

import io.kronotop.perf.testing.FakeRespServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class LoadGeneratorTest {

    @org.junit.jupiter.api.AfterEach
    void noLeaks() {
        io.kronotop.perf.testing.LeakCheck.assertNoLeaks();
    }

    private static LoadConfig.Builder base(FakeRespServer server) {
        return LoadConfig.builder().port(server.port()).threads(1).connectionsPerThread(4);
    }

    @Test
    void shouldSendCommandsInTheExactRatio() throws Exception {
        try (FakeRespServer server = new FakeRespServer(FakeRespServer::redisLike, 0)) {
            LoadConfig config = base(server).threads(2).connectionsPerThread(2).pipeline(4).requests(4_000)
                    .command(CommandTemplate.of("SET __key__ __data__"), 1)
                    .command(CommandTemplate.of("GET __key__"), 3).build();

            LoadResult result = new LoadGenerator(config).run();

            assertThat(server.count("SET")).isEqualTo(1_000);
            assertThat(server.count("GET")).isEqualTo(3_000);
            assertThat(result.completedPerCommand()).containsEntry("SET", 1_000L).containsEntry("GET", 3_000L);
            assertThat(result.perCommand().get("SET").getTotalCount()).isEqualTo(1_000);
            assertThat(result.perCommand().get("GET").getTotalCount()).isEqualTo(3_000);
        }
    }

    @Test
    void shouldRecordExactlyTheRequestedNumberOfRequests() throws Exception {
        try (FakeRespServer server = new FakeRespServer(FakeRespServer::redisLike, 0)) {
            LoadConfig config = base(server).connectionsPerThread(3).pipeline(7).requests(10_001)
                    .command(CommandTemplate.of("PING"), 1).build();

            LoadResult result = new LoadGenerator(config).run();

            assertThat(result.latency().getTotalCount()).isEqualTo(10_001);
            assertThat(result.requests()).isEqualTo(10_001);
            assertThat(result.errors()).isZero();
            assertThat(result.complete()).isTrue();
            assertThat(server.total()).isEqualTo(10_001);
            assertThat(server.connections()).isEqualTo(3);
        }
    }

    @Test
    void shouldNotRecordWarmUpRequests() throws Exception {
        try (FakeRespServer server = new FakeRespServer(FakeRespServer::redisLike, 0)) {
            LoadConfig config = base(server).requests(2_000).warmup(Duration.ofMillis(200))
                    .command(CommandTemplate.of("GET __key__"), 1).build();

            LoadResult result = new LoadGenerator(config).run();

            assertThat(result.latency().getTotalCount()).isEqualTo(2_000);
            assertThat(server.total()).isGreaterThan(2_000);
        }
    }

    @Test
    void shouldKeepExactlyPipelineRequestsInFlightPerConnection() throws Exception {
        try (FakeRespServer server = new FakeRespServer(FakeRespServer::redisLike, 5)) {
            LoadConfig config = base(server).connectionsPerThread(2).pipeline(16).requests(2_000)
                    .command(CommandTemplate.of("SET __key__ __data__"), 1).build();
            LoadGenerator generator = new LoadGenerator(config);

            LoadResult result = generator.run();

            assertThat(server.maxPendingPerConnection()).isEqualTo(16);
            assertThat(generator.maxInFlightPerConnection()).isEqualTo(16);
            assertThat(result.latency().getTotalCount()).isEqualTo(2_000);
        }
    }

    @Test
    void shouldSendOneRequestAtATimeWithoutPipelining() throws Exception {
        try (FakeRespServer server = new FakeRespServer(FakeRespServer::redisLike, 2)) {
            LoadConfig config = base(server).connectionsPerThread(2).pipeline(1).requests(200)
                    .command(CommandTemplate.of("GET __key__"), 1).build();

            new LoadGenerator(config).run();

            assertThat(server.maxPendingPerConnection()).isEqualTo(1);
        }
    }

    @Test
    void shouldCountErrorRepliesAsErrors() throws Exception {
        try (FakeRespServer server = new FakeRespServer(args -> args.getFirst().equals("SET")
                ? "-ERR unknown command 'SET'\r\n" : "$3\r\nbar\r\n", 0)) {
            LoadConfig config = base(server).requests(1_000)
                    .command(CommandTemplate.of("SET __key__ __data__"), 1)
                    .command(CommandTemplate.of("GET __key__"), 1).build();

            LoadResult result = new LoadGenerator(config).run();

            assertThat(result.requests()).isEqualTo(1_000);
            assertThat(result.errors()).isEqualTo(500);
            assertThat(result.errorSamples()).containsEntry("ERR unknown command 'SET'", 500L);
        }
    }

    @Test
    void shouldSpeakResp3AfterHello() throws Exception {
        try (FakeRespServer server = new FakeRespServer(FakeRespServer::redisLike, 0)) {
            LoadConfig config = base(server).protocol(3).requests(1_000)
                    .command(CommandTemplate.of("HSET __key__ f __data__"), 1)
                    .command(CommandTemplate.of("HGET __key__ f"), 1).build();

            LoadResult result = new LoadGenerator(config).run();

            assertThat(server.count("HELLO")).isEqualTo(4);
            assertThat(result.latency().getTotalCount()).isEqualTo(1_000);
            assertThat(result.errors()).isZero();
        }
    }

    @Test
    void shouldSendInlineCommands() throws Exception {
        try (FakeRespServer server = new FakeRespServer(FakeRespServer::redisLike, 0)) {
            LoadConfig config = base(server).requests(500).command(CommandTemplate.inline("PING"), 1).build();

            LoadResult result = new LoadGenerator(config).run();

            assertThat(server.count("PING")).isEqualTo(500);
            assertThat(result.completedPerCommand()).containsEntry("PING_INLINE", 500L);
        }
    }

    @Test
    void shouldRecordEveryRequestInOpenLoop() throws Exception {
        try (FakeRespServer server = new FakeRespServer(FakeRespServer::redisLike, 0)) {
            LoadConfig config = base(server).pipeline(2).requests(400).targetOpsPerSec(4_000)
                    .command(CommandTemplate.of("GET __key__"), 1).build();

            LoadResult result = new LoadGenerator(config).run();

            assertThat(result.latency().getTotalCount()).isEqualTo(400);
            assertThat(result.serviceLatency()).isNotNull();
            assertThat(result.serviceLatency().getTotalCount()).isEqualTo(400);
            assertThat(server.total()).isEqualTo(400);
        }
    }

    @Test
    void shouldStopCleanlyWhenAsked() throws Exception {
        try (FakeRespServer server = new FakeRespServer(FakeRespServer::redisLike, 0)) {
            LoadConfig config = base(server).pipeline(4).testTime(Duration.ofMinutes(5))
                    .command(CommandTemplate.of("GET __key__"), 1).build();
            LoadGenerator generator = new LoadGenerator(config);
            Thread stopper = Thread.ofVirtual().unstarted(() -> {
                org.awaitility.Awaitility.await().until(() -> server.total() > 1_000);
                generator.stop();
            });
            stopper.start();

            LoadResult result = generator.run();
            stopper.join();

            assertThat(result.complete()).isTrue();
            assertThat(result.requests()).isEqualTo(server.total());
        }
    }

    @Test
    void shouldUseKeysOnlyFromTheKeySpaceWithThePrefix() throws Exception {
        try (FakeRespServer server = new FakeRespServer(FakeRespServer::redisLike, 0)) {
            LoadConfig config = base(server).keyPrefix("k:").keySpace(10, 19).keyPattern(KeyPattern.SEQUENTIAL)
                    .requests(1_000).command(CommandTemplate.of("GET __key__"), 1).build();

            new LoadGenerator(config).run();

            assertThat(server.keys().keySet()).containsExactlyInAnyOrderElementsOf(
                    List.of("k:10", "k:11", "k:12", "k:13", "k:14", "k:15", "k:16", "k:17", "k:18", "k:19"));
            assertThat(server.keys().values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(100));
        }
    }

    @Test
    void shouldZeroPadKeysToTheGivenDigitsAsRedisBenchmarkDoes() throws Exception {
        try (FakeRespServer server = new FakeRespServer(FakeRespServer::redisLike, 0)) {
            LoadConfig config = base(server).keyPrefix("k:").keySpace(7, 9).keyDigits(12).keyPattern(KeyPattern.SEQUENTIAL)
                    .requests(300).command(CommandTemplate.of("GET __key__"), 1).build();

            new LoadGenerator(config).run();

            assertThat(server.keys().keySet()).containsExactlyInAnyOrder("k:000000000007", "k:000000000008",
                    "k:000000000009");
        }
    }
}
