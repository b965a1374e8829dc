package io.kronotop.perf.suite;

import io.kronotop.perf.load.CommandTemplate;
import io.kronotop.perf.load.LoadConfig;
import io.kronotop.perf.load.LoadGenerator;
import io.kronotop.perf.load.LoadResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The suite's cross-check of the generator: every distinct command of the workloads, at every configured
 * shape (connections x pipeline), run by this generator and by redis-benchmark in alternation against the
 * plain Redis, with the same request count, key space and value size. The CPU of Redis and of each client
 * is recorded, so the report can tell comparable runs (neither client the limit) from the others.
 */
final class CrossCheckRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CrossCheckRunner.class);
    private static final long MIN_REQUESTS = 5_000;
    private static final Duration CALIBRATION = Duration.ofMillis(400);
    /**
     * Shortest run at one connection. There one request (or batch) is in flight, so a run's rate is the
     * inverse of the round trip, which moves with where the scheduler places the client and Redis on the
     * cores; a one-second run (about 12,000 requests) catches one or two such placements and the rounds
     * scatter by up to 30%. Three seconds averages enough of them for the 15% comparison to mean something.
     */
    static final double MIN_ROUND_TRIP_SECONDS = 3;

    private final SuiteConfig config;
    private final ServerUnderTest redis;

    CrossCheckRunner(SuiteConfig config, ServerUnderTest redis) {
        this.config = config;
        this.redis = redis;
    }

    List<CrossCheck> run(List<Workload> workloads) throws InterruptedException {
        List<CrossCheck> checks = new ArrayList<>();
        // servers pinned by the user (--server-cpus) keep their placement: the check neither moves nor restores them
        boolean pin = config.crossCheckPinning() && config.serverCpuPrefix().isEmpty();
        try (CrossCheckPinning pinning = pin ? CrossCheckPinning.start(redis) : null) {
            for (Workload command : distinctCommands(workloads).values()) {
                for (CrossCheck.Shape shape : config.crossCheckShapes()) {
                    CrossCheck check = check(command, shape, pinning);
                    if (pinning != null) {
                        check.pinning(pinning.description());
                    }
                    checks.add(check);
                }
            }
        }
        return checks;
    }

    /** One single-command workload per distinct command (as Redis runs it), with its first workload's keys. */
    static Map<String, Workload> distinctCommands(List<Workload> workloads) {
        Map<String, Workload> distinct = new LinkedHashMap<>();
        for (Workload w : workloads) {
            for (CommandTemplate template : w.commandsFor("redis")) {
                distinct.putIfAbsent(template.toString(), new Workload(w.name(), List.of(template), List.of(1), 1, 1,
                        w.keyPrefix(), w.keySpace(), w.valueSize(), w.writes()));
            }
        }
        return distinct;
    }

    private CrossCheck check(Workload command, CrossCheck.Shape shape, CrossCheckPinning pinning)
            throws InterruptedException {
        CommandTemplate template = command.commands().getFirst();
        boolean pinned = pinning != null && pinning.active();
        List<String> clientPrefix = pinned && config.clientCpuPrefix().isEmpty() ? pinning.clientPrefix()
                : config.clientCpuPrefix();
        List<Integer> generatorCpus = pinned ? pinning.clientCpus() : List.of();
        RedisBenchmark benchmark = new RedisBenchmark(config.redisBenchmark(), clientPrefix,
                config.redisBenchmarkThreads());
        CrossCheck check = null;
        try {
            // Unrecorded, time-bound: warms the generator for this shape and sizes the request count.
            LoadResult calibration = new LoadGenerator(load(template, command, shape, 0, generatorCpus)).run();
            long requests = Math.max(MIN_REQUESTS, Math.round(calibration.opsPerSec() * seconds(shape)));
            check = new CrossCheck(template.toString(), shape, requests, threads(shape),
                    config.redisBenchmarkThreads());
            for (int round = 0; round < config.crossCheckRounds(); round++) {
                CpuMeter cpu = new CpuMeter(redis);
                LoadResult ours = new LoadGenerator(load(template, command, shape, requests, generatorCpus)).run();
                check.addGenerator(ours.opsPerSec(), ours.percentileMs(50), cpu.percent(), cpu.generatorPercent());
                cpu = new CpuMeter(redis);
                RedisBenchmark.Result rb = benchmark.run(redis.port(), template, command.keyPrefix(),
                        command.keySpace(), command.valueSize(), shape.connections(), shape.pipeline(), requests);
                check.addRedisBenchmark(rb, cpu.percent());
                LOG.info("cross-check {} {}: generator {} ops/s, redis-benchmark {} ops/s", template, shape,
                        Math.round(ours.opsPerSec()), Math.round(rb.opsPerSec()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cross-check {} {} failed: {}", template, shape, e.toString());
            if (check == null) {
                check = new CrossCheck(template.toString(), shape, 0, threads(shape), config.redisBenchmarkThreads());
            }
            check.fail(e.getMessage());
        }
        return check;
    }

    /** Length of one run at this shape: the configured length, at least {@link #MIN_ROUND_TRIP_SECONDS} at one connection. */
    double seconds(CrossCheck.Shape shape) {
        double seconds = config.crossCheckSeconds();
        return shape.connections() == 1 ? Math.max(seconds, MIN_ROUND_TRIP_SECONDS) : seconds;
    }

    private int threads(CrossCheck.Shape shape) {
        return Math.max(1, Math.min(config.threads(), shape.connections()));
    }

    private LoadConfig load(CommandTemplate template, Workload command, CrossCheck.Shape shape, long requests,
            List<Integer> cpus) {
        int threads = threads(shape);
        LoadConfig.Builder b = LoadConfig.builder().port(redis.port()).threads(threads)
                .connectionsPerThread(Math.max(1, shape.connections() / threads)).pipeline(shape.pipeline())
                .keyPrefix(command.keyPrefix()).keySpace(0, command.keySpace() - 1).valueSize(command.valueSize())
                .command(template, 1).cpus(cpus).keyDigits(RedisBenchmark.RAND_INT_DIGITS);
        if (requests > 0) {
            b.requests(requests).warmup(Duration.ZERO);
        } else {
            b.testTime(CALIBRATION).warmup(Duration.ofMillis(100));
        }
        return b.build();
    }
}
