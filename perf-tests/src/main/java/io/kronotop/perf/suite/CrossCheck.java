package io.kronotop.perf.suite;

import java.util.ArrayList;
import java.util.List;

/** Our generator and redis-benchmark, alternating, on the same command against the same Redis. */
public final class CrossCheck {
    private final String command;
    private final int connections;
    private final int pipeline;
    private final long requests;
    private final List<Double> generatorOps = new ArrayList<>();
    private final List<Double> generatorP50Ms = new ArrayList<>();
    private final List<RedisBenchmark.Result> redisBenchmark = new ArrayList<>();
    private final List<Double> generatorServerCpu = new ArrayList<>();
    private final List<Double> generatorOwnCpu = new ArrayList<>();
    private final List<Double> redisBenchmarkServerCpu = new ArrayList<>();
    private String error = "";

    CrossCheck(String command, int connections, int pipeline, long requests) {
        this.command = command;
        this.connections = connections;
        this.pipeline = pipeline;
        this.requests = requests;
    }

    void addGenerator(double opsPerSec, double p50Ms, double serverCpuPercent) {
        addGenerator(opsPerSec, p50Ms, serverCpuPercent, -1);
    }

    void addGenerator(double opsPerSec, double p50Ms, double serverCpuPercent, double generatorCpuPercent) {
        if (generatorCpuPercent >= 0) {
            generatorOwnCpu.add(generatorCpuPercent);
        }
        generatorOps.add(opsPerSec);
        generatorP50Ms.add(p50Ms);
        generatorServerCpu.add(serverCpuPercent);
    }

    void addRedisBenchmark(RedisBenchmark.Result result, double serverCpuPercent) {
        redisBenchmark.add(result);
        redisBenchmarkServerCpu.add(serverCpuPercent);
    }

    /** Redis's CPU use (% of one core) while our generator ran, median. */
    public double generatorServerCpuPercent() {
        return SystemOutcome.median(generatorServerCpu.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The generator's own CPU use (% of one core) during its runs, median; NaN if unknown. */
    public double generatorOwnCpuPercent() {
        return SystemOutcome.median(generatorOwnCpu.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Redis's CPU use (% of one core) while redis-benchmark ran, median. */
    public double redisBenchmarkServerCpuPercent() {
        return SystemOutcome.median(redisBenchmarkServerCpu.stream().mapToDouble(Double::doubleValue).toArray());
    }

    void fail(String why) {
        error = why;
    }

    public String command() {
        return command;
    }

    public int connections() {
        return connections;
    }

    public int pipeline() {
        return pipeline;
    }

    public long requests() {
        return requests;
    }

    public String error() {
        return error;
    }

    public List<RedisBenchmark.Result> redisBenchmarkResults() {
        return redisBenchmark;
    }

    public double generatorMedianOps() {
        return SystemOutcome.median(generatorOps.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public double generatorMedianP50Ms() {
        return SystemOutcome.median(generatorP50Ms.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public double redisBenchmarkMedianOps() {
        return SystemOutcome.median(redisBenchmark.stream().mapToDouble(RedisBenchmark.Result::opsPerSec).toArray());
    }

    public double redisBenchmarkMedianP50Ms() {
        return SystemOutcome.median(redisBenchmark.stream().mapToDouble(RedisBenchmark.Result::p50Ms).toArray());
    }

    /** generator / redis-benchmark throughput; 1.0 is perfect agreement. */
    public double ratio() {
        return generatorMedianOps() / redisBenchmarkMedianOps();
    }

    /**
     * "agree" within 15%; otherwise whether Redis was markedly idler (under 90% of the CPU) under one tool,
     * which points at that tool (or the machine, while it ran) as the bottleneck rather than Redis.
     */
    public String verdict() {
        double r = ratio();
        if (r >= 0.85 && r <= 1.15) {
            return "agree";
        }
        double ours = generatorServerCpuPercent();
        double theirs = redisBenchmarkServerCpuPercent();
        if (r > 1.15 && theirs < 0.9 * ours) {
            return "disagree: Redis idler under redis-benchmark";
        }
        if (r < 0.85 && ours < 0.9 * theirs) {
            return "disagree: Redis idler under the generator";
        }
        return "disagree";
    }

    public boolean hasNumbers() {
        return !generatorOps.isEmpty() && !redisBenchmark.isEmpty();
    }
}
