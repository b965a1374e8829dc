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
 * @param crossCheckRounds  alternations of (our generator, redis-benchmark) per command and shape
 * @param crossCheckShapes  connections x pipeline of the cross-checks, each run for every distinct command
 * @param redisBenchmarkThreads redis-benchmark's {@code --threads} (1: its default single thread)
 * @param crossCheckPinning pin Redis and the two clients to separate CPUs during the cross-check
 *                          ({@link CrossCheckPinning})
 * @param jvmWarmup         unrecorded load per workload against each JVM server before its rounds
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
        String commandLine,
        List<CrossCheck.Shape> crossCheckShapes,
        int redisBenchmarkThreads,
        boolean crossCheckPinning,
        Duration jvmWarmup) {

    /**
     * Default cross-check shapes: one connection without and with pipelining (round-trip bound, neither
     * client busy), and the suite's own 50 connections at pipeline 1 and 16.
     */
    public static final List<CrossCheck.Shape> DEFAULT_CROSS_CHECK_SHAPES = List.of(new CrossCheck.Shape(1, 1),
            new CrossCheck.Shape(1, 16), new CrossCheck.Shape(50, 1), new CrossCheck.Shape(50, 16));

    public static final List<String> ALL_SYSTEMS =
            List.of("redis", "redis-aof-everysec", "redis-aof-always", "kronotop", "kronotop-sync", "kronotop-async");

    public SuiteConfig {
        workloads = List.copyOf(workloads);
        systems = List.copyOf(systems);
        kronotopJvmOptions = List.copyOf(kronotopJvmOptions);
        kronotopSettings = List.copyOf(kronotopSettings);
        serverCpuPrefix = List.copyOf(serverCpuPrefix);
        clientCpuPrefix = List.copyOf(clientCpuPrefix);
        crossCheckShapes = List.copyOf(crossCheckShapes);
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
