package io.kronotop.perf.suite;

import io.kronotop.perf.load.CommandTemplate;
import io.kronotop.perf.load.LoadConfig;
import io.kronotop.perf.load.LoadGenerator;
import io.kronotop.perf.load.LoadResult;
import io.kronotop.perf.resp.BlockingRespClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts every system of the suite, runs each workload against them in alternation (A B C, C B A, ...), adds
 * redis-benchmark cross-checks against the plain Redis, and returns everything for {@link ReportWriter}.
 * A system that cannot start is reported as unavailable, a command it rejects as unsupported; neither
 * stops the suite.
 */
public final class SideBySideRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SideBySideRunner.class);
    /**
     * Unrecorded load per workload on a JVM server before its rounds. One second was too short on a shared
     * two-core machine: a fresh server still interpreting and compiling while starved of CPU answered a pipeline-16
     * run at 4-10k ops/s with p99 near 1 s (low CPU, threads waiting for a core), which read like a stall.
     */

    private final SuiteConfig config;
    private final java.util.function.BiFunction<String, Path, ServerUnderTest> serverFactory;

    public SideBySideRunner(SuiteConfig config) {
        this.config = config;
        this.serverFactory = this::create;
    }

    /** With another way to make the systems (tests use in-process fakes). */
    SideBySideRunner(SuiteConfig config, java.util.function.BiFunction<String, Path, ServerUnderTest> serverFactory) {
        this.config = config;
        this.serverFactory = serverFactory;
    }

    /** Everything a report needs. */
    public record SuiteResult(SuiteConfig config, Map<String, String> systemDescriptions,
            Map<String, String> unavailable, List<WorkloadOutcome> workloads, List<CrossCheck> crossChecks,
            Instant started, Duration took, String loadAverageBefore, String loadAverageAfter) {
    }

    /** One workload's outcomes per system (in run order). */
    public record WorkloadOutcome(Workload workload, List<SystemOutcome> systems) {
    }

    public SuiteResult run() throws IOException, InterruptedException {
        Instant started = Instant.now();
        String loadBefore = MachineInfo.loadAverage();
        long t0 = System.nanoTime();
        Path workDir = Files.createTempDirectory("kronotop-perf-");
        Map<String, ServerUnderTest> servers = new LinkedHashMap<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        List<WorkloadOutcome> outcomes = new ArrayList<>();
        List<CrossCheck> crossChecks = List.of();
        try {
            for (String system : config.systems()) {
                ServerUnderTest server = serverFactory.apply(system, workDir);
                try {
                    server.start();
                    servers.put(system, server);
                    descriptions.put(system, server.description());
                } catch (IOException e) {
                    LOG.warn("{} is unavailable: {}", system, e.getMessage());
                    unavailable.put(system, e.getMessage());
                    descriptions.put(system, server.description());
                    server.close();
                }
            }
            warmUp(servers);
            for (Workload workload : config.workloads()) {
                outcomes.add(runWorkload(workload, servers, unavailable));
            }
            ServerUnderTest redis = servers.get("redis");
            if (config.crossCheckSeconds() > 0 && redis != null && config.redisBenchmark() != null) {
                crossChecks = new CrossCheckRunner(config, redis).run(config.workloads());
            }
        } finally {
            for (ServerUnderTest server : servers.values()) {
                server.close();
            }
        }
        LOG.info("server files were under {}", workDir);
        return new SuiteResult(config, descriptions, unavailable, outcomes, crossChecks, started,
                Duration.ofNanos(System.nanoTime() - t0), loadBefore, MachineInfo.loadAverage());
    }

    /**
     * Runs every workload briefly, unrecorded, against the first server that supports it (so the generator's
     * own JIT warm-up lands in no round) and against every JVM server (so Kronotop is measured warm, as a
     * long-running server would be; Redis needs no warm-up).
     */
    private void warmUp(Map<String, ServerUnderTest> servers) throws InterruptedException {
        for (Workload workload : config.workloads()) {
            boolean generatorWarm = false;
            for (ServerUnderTest server : servers.values()) {
                boolean jvm = server instanceof KronotopServerProcess;
                if ((generatorWarm && !jvm) || probe(server, workload) != null) {
                    continue;
                }
                LoadConfig.Builder warm = LoadConfig.builder().port(server.port()).threads(config.threads())
                        .connectionsPerThread(Math.max(1, workload.connections() / config.threads()))
                        .pipeline(workload.pipeline()).keyPrefix(workload.keyPrefix())
                        .keySpace(0, workload.keySpace() - 1).valueSize(workload.valueSize())
                        .testTime(jvm ? config.jvmWarmup() : Duration.ofMillis(Math.max(300, config.warmup().toMillis())))
                        .targetOpsPerSec(workload.rate());
                List<CommandTemplate> commands = workload.commandsFor(server.name());
                for (int i = 0; i < commands.size(); i++) {
                    warm.command(commands.get(i), workload.weights().get(i));
                }
                try {
                    new LoadGenerator(warm.build()).run();
                } catch (IOException e) {
                    LOG.debug("warm-up of {} against {} failed: {}", workload.name(), server.name(), e.toString());
                }
                generatorWarm = true;
            }
        }
    }

    private ServerUnderTest create(String system, Path workDir) {
        return switch (system) {
            case "redis" -> new RedisServerProcess(config.redisServer(), RedisServerProcess.Persistence.NONE, workDir,
                    config.serverCpuPrefix());
            case "redis-aof-everysec" -> new RedisServerProcess(config.redisServer(),
                    RedisServerProcess.Persistence.AOF_EVERYSEC, workDir, config.serverCpuPrefix());
            case "redis-aof-always" -> new RedisServerProcess(config.redisServer(),
                    RedisServerProcess.Persistence.AOF_ALWAYS, workDir, config.serverCpuPrefix());
            case "kronotop" -> new KronotopServerProcess(config.javaExecutable(), config.classpath(),
                    config.kronotopJvmOptions(), config.kronotopSettings(), workDir, config.serverCpuPrefix());
            // The same server in each REDIS durability mode (the plain "kronotop" keeps the configured default).
            case "kronotop-sync", "kronotop-async" -> {
                List<String> settings = new ArrayList<>(config.kronotopSettings());
                settings.add("stash.durability=" + system.substring("kronotop-".length()));
                yield new KronotopServerProcess(system, config.javaExecutable(), config.classpath(),
                        config.kronotopJvmOptions(), settings, workDir, config.serverCpuPrefix());
            }
            default -> throw new IllegalArgumentException(system);
        };
    }

    private WorkloadOutcome runWorkload(Workload workload, Map<String, ServerUnderTest> servers,
            Map<String, String> unavailable) throws InterruptedException {
        List<SystemOutcome> systems = new ArrayList<>();
        for (String system : config.systems()) {
            if (!workload.writes() && system.startsWith("redis-aof")) {
                continue; // persistence does not change a read-only workload
            }
            SystemOutcome outcome = new SystemOutcome(system);
            systems.add(outcome);
            ServerUnderTest server = servers.get(system);
            if (server == null) {
                outcome.mark(SystemOutcome.Status.UNAVAILABLE, unavailable.getOrDefault(system, "not started"));
                continue;
            }
            String unsupported = probe(server, workload);
            if (unsupported != null) {
                LOG.info("{}: {} does not support it: {}", workload.name(), system, unsupported);
                outcome.mark(SystemOutcome.Status.UNSUPPORTED, unsupported);
            }
        }
        for (int round = 1; round <= config.rounds(); round++) {
            for (SystemOutcome outcome : roundOrder(systems, round)) {
                if (outcome.status() != SystemOutcome.Status.OK) {
                    continue;
                }
                ServerUnderTest server = servers.get(outcome.system());
                try {
                    CpuMeter cpu = new CpuMeter(server);
                    LoadResult result = new LoadGenerator(loadConfig(workload, outcome.system(), server.port(), 0)).run();
                    double cpuPercent = cpu.percent();
                    double generatorPercent = cpu.generatorPercent();
                    LOG.info("{} round {} {}: {}", workload.name(), round, outcome.system(), result.summary());
                    if (result.requests() > 0 && result.errors() == result.requests()) {
                        outcome.mark(SystemOutcome.Status.UNSUPPORTED,
                                "every request failed: " + String.join("; ", result.errorSamples().keySet()));
                    } else {
                        outcome.add(result, cpuPercent, generatorPercent);
                    }
                } catch (IOException e) {
                    LOG.warn("{} round {} against {} failed: {}", workload.name(), round, outcome.system(), e.toString());
                    outcome.mark(SystemOutcome.Status.FAILED, e.getMessage());
                }
            }
        }
        return new WorkloadOutcome(workload, systems);
    }

    /**
     * The order of the systems in round {@code round} (1-based): as listed in odd rounds, reversed in even ones, so
     * that no system always runs right after the same neighbour (whose after-effects, such as writeback or a
     * collection, it would otherwise always inherit) nor always first.
     */
    static <T> List<T> roundOrder(List<T> systems, int round) {
        return round % 2 == 1 ? systems : systems.reversed();
    }

    private LoadConfig loadConfig(Workload workload, String system, int port, long requests) {
        List<CommandTemplate> commands = workload.commandsFor(system);
        LoadConfig.Builder b = LoadConfig.builder().port(port).threads(config.threads())
                .connectionsPerThread(Math.max(1, workload.connections() / config.threads()))
                .pipeline(workload.pipeline()).keyPrefix(workload.keyPrefix()).keySpace(0, workload.keySpace() - 1)
                .valueSize(workload.valueSize()).targetOpsPerSec(workload.rate());
        for (int i = 0; i < commands.size(); i++) {
            b.command(commands.get(i), workload.weights().get(i));
        }
        if (requests > 0) {
            b.requests(requests).warmup(Duration.ZERO);
        } else {
            b.testTime(config.testTime()).warmup(config.warmup());
        }
        return b.build();
    }

    /**
     * Sends each command of the workload once. Returns why the server does not support it (its error reply
     * or the I/O failure), or null when every command was answered without an error.
     */
    static String probe(ServerUnderTest server, Workload workload) {
        try (BlockingRespClient client = new BlockingRespClient("127.0.0.1", server.port(), 5000)) {
            for (CommandTemplate template : workload.commandsFor(server.name())) {
                String[] args = template.render(workload.keyPrefix() + "probe", "x".repeat(workload.valueSize()));
                Object reply = template.inline() ? client.callInline(String.join(" ", args)) : client.call(args);
                if (reply instanceof BlockingRespClient.RespError error) {
                    return template.name() + " -> -" + error.message();
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "probe failed: " + e;
        }
    }
}
