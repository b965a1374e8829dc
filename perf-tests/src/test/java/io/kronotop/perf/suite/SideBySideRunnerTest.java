package io.kronotop.perf.suite;

import io.kronotop.perf.load.CommandTemplate;
import io.kronotop.perf.testing.FakeRespServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner and report with in-process fake servers: no Redis, no Kronotop. */
@Timeout(60)
class SideBySideRunnerTest {

    /** A fake server as a system of the suite. */
    private static final class FakeSystem implements ServerUnderTest {
        private final String name;
        private final boolean knowsSet;
        private final boolean starts;
        private FakeRespServer server;

        FakeSystem(String name, boolean knowsSet, boolean starts) {
            this.name = name;
            this.knowsSet = knowsSet;
            this.starts = starts;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "fake " + name;
        }

        @Override
        public void start() throws IOException, InterruptedException {
            if (!starts) {
                throw new IOException(name + " exited with code 1 before answering PING");
            }
            server = new FakeRespServer(args -> !knowsSet && args.getFirst().equalsIgnoreCase("SET")
                    ? "-ERR unknown command 'SET', with args beginning with: \r\n" : FakeRespServer.redisLike(args), 0);
        }

        @Override
        public int port() {
            return server.port();
        }

        @Override
        public String version() {
            return "0";
        }

        @Override
        public boolean persistent() {
            return false;
        }

        @Override
        public long cpuTimeNs() {
            return -1;
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }

    private static SuiteConfig config(Path out, List<String> systems) {
        List<Workload> workloads = List.of(
                new Workload("ping", List.of(CommandTemplate.of("PING")), List.of(1), 4, 1, "k:", 100, 8, false),
                new Workload("set-get", List.of(CommandTemplate.of("SET __key__ __data__"),
                        CommandTemplate.of("GET __key__")), List.of(1, 1), 4, 4, "k:", 100, 8, true),
                new Workload("mapped", List.of(CommandTemplate.of("PING")), List.of(1), 4, 1, "m:", 100, 8, false,
                        java.util.Map.of("kronotop", List.of(CommandTemplate.of("ECHO __data__"))), 2_000));
        return new SuiteConfig(workloads, systems, 2, Duration.ofMillis(100), Duration.ofMillis(20), 1, 0, 1,
                "/usr/bin/redis-server", null, "java", "", List.of(), List.of(), out, List.of(), List.of(),
                "bin/perf --test", SuiteConfig.DEFAULT_CROSS_CHECK_SHAPES, 1, false,
                Duration.ofMillis(200));
    }

    @Test
    void shouldRunTheSystemsInReverseEveryOtherRound() {
        List<String> systems = List.of("redis", "redis-aof-always", "kronotop-async", "kronotop-sync");
        assertThat(SideBySideRunner.roundOrder(systems, 1)).containsExactlyElementsOf(systems);
        assertThat(SideBySideRunner.roundOrder(systems, 2))
            .containsExactly("kronotop-sync", "kronotop-async", "redis-aof-always", "redis");
        assertThat(SideBySideRunner.roundOrder(systems, 3)).containsExactlyElementsOf(systems);
    }

    @Test
    void shouldReportUnsupportedCommandsAndUnavailableSystemsWithoutFailing(@TempDir Path out) throws Exception {
        SuiteConfig config = config(out, List.of("redis", "redis-aof-always", "kronotop"));
        SideBySideRunner runner = new SideBySideRunner(config, (system, dir) -> switch (system) {
            case "redis" -> new FakeSystem(system, true, true);
            case "kronotop" -> new FakeSystem(system, false, true);
            default -> new FakeSystem(system, true, false);
        });

        SideBySideRunner.SuiteResult result = runner.run();
        Path report = ReportWriter.write(result, out);

        SideBySideRunner.WorkloadOutcome ping = result.workloads().get(0);
        SideBySideRunner.WorkloadOutcome setGet = result.workloads().get(1);
        SideBySideRunner.WorkloadOutcome mapped = result.workloads().get(2);
        assertThat(mapped.systems()).allSatisfy(s -> assertThat(s.rounds()).allSatisfy(r -> {
            assertThat(r.serviceLatency()).isNotNull(); // open loop
            assertThat(r.latency().getTotalCount()).isEqualTo(r.serviceLatency().getTotalCount());
        }));
        assertThat(ping.systems()).extracting(SystemOutcome::system).containsExactly("redis", "kronotop");
        assertThat(ping.systems()).allSatisfy(s -> assertThat(s.rounds()).hasSize(2));
        assertThat(setGet.systems()).extracting(SystemOutcome::status).containsExactly(SystemOutcome.Status.OK,
                SystemOutcome.Status.UNAVAILABLE, SystemOutcome.Status.UNSUPPORTED);
        assertThat(setGet.systems().get(2).reason()).contains("unknown command 'SET'");

        String md = Files.readString(report);
        assertThat(md).contains("| ping | redis |", "| ping | kronotop |", "| set-get | kronotop | unsupported |",
                "| set-get | redis-aof-always | unavailable |", "bin/perf --test", "| set-get | redis | SET |",
                "| set-get | redis | GET |", "| mapped | redis (PING) |", "| mapped | kronotop (ECHO) |",
                "Open-loop workloads", "| mapped | kronotop (ECHO) | 2,000 |");
        assertThat(out.resolve("ping-kronotop.hgrm")).exists();
        assertThat(out.resolve("set-get-redis.hgrm")).exists();
        assertThat(out.resolve("set-get-kronotop.hgrm")).doesNotExist();
        byte[] png = Files.readAllBytes(out.resolve("plot.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }
}
