package io.kronotop.perf.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a side-by-side suite runs.
 *
 * @param systems           system names in run order: {@code redis}, {@code redis-aof-everysec},
 *                          {@code redis-aof-always}, {@code kronotop}
 * @param rounds            each workload runs against every system this many times, alternating
 * @param crossCheckSeconds target length of each redis-benchmark cross-check run (0 disables them)
 * @param crossCheckRounds  alternations of (our generator, redis-benchmark) per command
 * @param serverCpuPrefix   e.g. {@code [taskset, -c, 0]} to pin servers, or empty
 * @param clientCpuPrefix   e.g. {@code [taskset, -c, 1]} for redis-benchmark, or empty
 * @param commandLine       the command that produced the report, quoted in it
 */
public record SuiteConfig(
        List<Workload> workloads,
        List<String> systems,
        int rounds,
        Duration testTime,
        Duration warmup,
        int threads,
        double crossCheckSeconds,
        int crossCheckRounds,
        String redisServer,
        String redisBenchmark,
        String javaExecutable,
        String classpath,
        List<String> kronotopJvmOptions,
        List<String> kronotopSettings,
        Path outDir,
        List<String> serverCpuPrefix,
        List<String> clientCpuPrefix,
        String commandLine) {

    public static final List<String> ALL_SYSTEMS =
            List.of("redis", "redis-aof-everysec", "redis-aof-always", "kronotop");

    public SuiteConfig {
        workloads = List.copyOf(workloads);
        systems = List.copyOf(systems);
        kronotopJvmOptions = List.copyOf(kronotopJvmOptions);
        kronotopSettings = List.copyOf(kronotopSettings);
        serverCpuPrefix = List.copyOf(serverCpuPrefix);
        clientCpuPrefix = List.copyOf(clientCpuPrefix);
        for (String s : systems) {
            if (!ALL_SYSTEMS.contains(s)) {
                throw new IllegalArgumentException("unknown system " + s + "; known: " + ALL_SYSTEMS);
            }
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1");
        }
    }
}
