package io.kronotop.perf.cluster;

import io.kronotop.perf.load.CommandTemplate;
import io.kronotop.perf.load.LoadConfig;
import io.kronotop.perf.load.LoadGenerator;
import io.kronotop.perf.load.LoadResult;
import io.kronotop.perf.resp.BlockingRespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The generator in cluster mode against a real three-master Redis Cluster on free ports. */
@Timeout(120)
class RedisClusterIT {
    private static final String REDIS_SERVER = "/usr/bin/redis-server";
    private static final String REDIS_CLI = "/usr/bin/redis-cli";

    @TempDir
    static Path work;
    private static final List<Process> NODES = new ArrayList<>();
    private static final List<Integer> PORTS = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(REDIS_SERVER)) && Files.isExecutable(Path.of(REDIS_CLI)),
                "redis-server or redis-cli is missing: install Debian's redis-server and redis-tools (bin/test does)");
        for (int i = 0; i < 3; i++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path dir = Files.createDirectories(work.resolve("node-" + port));
            NODES.add(new ProcessBuilder(REDIS_SERVER, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--logfile",
                    dir.resolve("redis.log").toString()).start());
            PORTS.add(port);
        }
        for (int port : PORTS) {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "PONG".equals(call(port, "PING")));
        }
        List<String> create = new ArrayList<>(List.of(REDIS_CLI, "--cluster", "create"));
        PORTS.forEach(p -> create.add("127.0.0.1:" + p));
        create.add("--cluster-yes");
        Process p = new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(
                work.resolve("create.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(work.resolve("create.log"))).isZero();
        for (int port : PORTS) {
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> String.valueOf(call(port, "CLUSTER", "INFO")).contains("cluster_state:ok"));
        }
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (Process p : NODES) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static Object call(int port, String... args) throws IOException {
        try (BlockingRespClient client = new BlockingRespClient("127.0.0.1", port, 2000)) {
            return client.call(args);
        }
    }

    @Test
    void shouldSpreadKeysOverEveryMasterWithoutRedirects() throws Exception {
        LoadConfig config = LoadConfig.builder().port(PORTS.getFirst()).cluster(true).threads(2)
                .connectionsPerThread(3).pipeline(4).keyPrefix("c:").keySpace(0, 2_999).requests(6_000)
                .command(CommandTemplate.of("SET __key__ __data__"), 1).command(CommandTemplate.of("GET __key__"), 1)
                .build();

        LoadResult result = new LoadGenerator(config).run();

        assertThat(result.requests()).isEqualTo(6_000);
        assertThat(result.errors()).as("errors: %s", result.errorSamples()).isZero();
        assertThat(result.moved()).isZero();
        for (int port : PORTS) {
            assertThat((Long) call(port, "DBSIZE")).isPositive();
        }
    }

    @Test
    void shouldSendEveryHashTaggedKeyToOneNodeOverResp3() throws Exception {
        LoadConfig config = LoadConfig.builder().port(PORTS.get(1)).cluster(true).protocol(3)
                .connectionsPerThread(2).pipeline(2).keyPrefix("{tag}:h:").keySpace(0, 9)
                .keyPattern(io.kronotop.perf.load.KeyPattern.SEQUENTIAL).requests(1_000)
                .command(CommandTemplate.of("HSET __key__ f __data__"), 1).build();

        LoadResult result = new LoadGenerator(config).run();

        assertThat(result.errors()).as("errors: %s", result.errorSamples()).isZero();
        String[] exists = new String[11];
        exists[0] = "EXISTS";
        for (int i = 0; i < 10; i++) {
            exists[i + 1] = "{tag}:h:" + i;
        }
        List<Object> answers = new ArrayList<>();
        for (int port : PORTS) {
            answers.add(call(port, exists));
        }
        // The owner of the {tag} slot holds all ten keys; the two others redirect.
        assertThat(answers).containsOnlyOnce(10L);
        assertThat(answers).filteredOn(a -> a instanceof BlockingRespClient.RespError e && e.code().equals("MOVED"))
                .hasSize(2);
    }

    @Test
    void shouldFollowMovedWhenASlotChangesOwnerDuringTheRun() throws Exception {
        String prefix = "{moving}:";
        int slot = SlotHash.slot(prefix);
        int from = ownerPort(slot);
        int to = PORTS.stream().filter(p -> p != from).findFirst().orElseThrow();
        String toId = String.valueOf(call(to, "CLUSTER", "MYID"));
        long getsOnTargetBefore = commandCalls(to, "get");
        // GET only: the slot holds no key, so its owner may give it away without migrating anything.
        // Open loop at 2 000 ops/s, so the run is still going when the slot moves.
        LoadConfig config = LoadConfig.builder().port(from).cluster(true).connectionsPerThread(4).pipeline(2)
                .keyPrefix(prefix).keySpace(0, 99).requests(6_000).targetOpsPerSec(2_000)
                .command(CommandTemplate.of("GET __key__"), 1).build();
        LoadGenerator generator = new LoadGenerator(config);
        long getsOnSourceBefore = commandCalls(from, "get");
        java.util.concurrent.CompletableFuture<LoadResult> run = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return generator.run();
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
        await().atMost(Duration.ofSeconds(30)).until(() -> commandCalls(from, "get") - getsOnSourceBefore >= 500);
        for (int port : PORTS) {
            assertThat(call(port, "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", toId)).isEqualTo("OK");
        }

        LoadResult result = run.get(60, TimeUnit.SECONDS);

        assertThat(result.requests()).isEqualTo(6_000);
        assertThat(result.errors()).as("errors: %s", result.errorSamples()).isZero();
        assertThat(result.moved()).isPositive();
        assertThat(commandCalls(to, "get") - getsOnTargetBefore).isPositive();
        assertThat(ownerPort(slot)).isEqualTo(to);
    }

    /** The port of the master that owns {@code slot}, from a node's CLUSTER SLOTS. */
    private static int ownerPort(int slot) throws IOException {
        for (Object range : (List<?>) call(PORTS.getFirst(), "CLUSTER", "SLOTS")) {
            List<?> r = (List<?>) range;
            if ((Long) r.get(0) <= slot && slot <= (Long) r.get(1)) {
                return ((Long) ((List<?>) r.get(2)).get(1)).intValue();
            }
        }
        throw new IllegalStateException("no owner of slot " + slot);
    }

    /** How often a node has run {@code command}, from INFO commandstats (0 before the first call). */
    private static long commandCalls(int port, String command) throws IOException {
        String info = String.valueOf(call(port, "INFO", "commandstats"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cmdstat_" + command + ":calls=(\\d+)")
                .matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
