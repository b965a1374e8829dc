package io.kronotop.perf.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Our generator and redis-benchmark, alternating, on the same command and shape (connections, pipeline)
 * against the same Redis, with the CPU each tool and Redis used.
 *
 * <p>Two load generators measure the same thing only where neither client sets the rate: with one connection
 * (the round trip does) or where Redis is at its core under both (Redis does). Elsewhere, on a machine whose
 * cores the clients share with Redis, the rate measures how much CPU a client spends per request; such runs
 * are reported with the CPU figures that show it but are not held to the 15% agreement
 * ({@link #comparable()} is false).
 */
public final class CrossCheck {
    /** Agreement band of the generator / redis-benchmark throughput ratio. */
    public static final double LOW = 0.85;
    public static final double HIGH = 1.15;
    /** A client at or above this % of one core per thread is taken as the bottleneck. */
    public static final double SATURATED_PERCENT = 90;
    private static final String ROUND_TRIP = "round trip";
    private static final String REDIS = "Redis";

    /** How many connections and how deep a pipeline a cross-check runs. */
    public record Shape(int connections, int pipeline) {
        /** Parses {@code CONNECTIONSxPIPELINE}, e.g. {@code 1x1} or {@code 50x16}. */
        public static Shape parse(String text) {
            String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
            if (parts.length != 2) {
                throw new IllegalArgumentException("CONNECTIONSxPIPELINE expected, got " + text);
            }
            Shape shape = new Shape(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            if (shape.connections < 1 || shape.pipeline < 1) {
                throw new IllegalArgumentException("connections and pipeline must be at least 1: " + text);
            }
            return shape;
        }

        @Override
        public String toString() {
            return connections + "x" + pipeline;
        }
    }

    private final String command;
    private final Shape shape;
    private final long requests;
    private final int generatorThreads;
    private final int redisBenchmarkThreads;
    private final List<Double> generatorOps = new ArrayList<>();
    private final List<Double> generatorP50Ms = new ArrayList<>();
    private final List<RedisBenchmark.Result> redisBenchmark = new ArrayList<>();
    private final List<Double> generatorServerCpu = new ArrayList<>();
    private final List<Double> generatorOwnCpu = new ArrayList<>();
    private final List<Double> redisBenchmarkServerCpu = new ArrayList<>();
    private String error = "";
    private String pinning = "";

    CrossCheck(String command, Shape shape, long requests, int generatorThreads, int redisBenchmarkThreads) {
        this.command = command;
        this.shape = shape;
        this.requests = requests;
        this.generatorThreads = Math.max(1, generatorThreads);
        this.redisBenchmarkThreads = Math.max(1, redisBenchmarkThreads);
    }

    /** How the processes were placed on CPUs during this check, for the report; empty when not pinned. */
    String pinning() {
        return pinning;
    }

    void pinning(String description) {
        pinning = description;
    }

    void addGenerator(double opsPerSec, double p50Ms, double serverCpuPercent, double generatorCpuPercent) {
        if (generatorCpuPercent >= 0) {
            generatorOwnCpu.add(generatorCpuPercent);
        }
        if (serverCpuPercent >= 0) {
            generatorServerCpu.add(serverCpuPercent);
        }
        generatorOps.add(opsPerSec);
        generatorP50Ms.add(p50Ms);
    }

    void addRedisBenchmark(RedisBenchmark.Result result, double serverCpuPercent) {
        redisBenchmark.add(result);
        if (serverCpuPercent >= 0) {
            redisBenchmarkServerCpu.add(serverCpuPercent);
        }
    }

    void fail(String why) {
        error = why;
    }

    public String command() {
        return command;
    }

    public Shape shape() {
        return shape;
    }

    public int connections() {
        return shape.connections();
    }

    public int pipeline() {
        return shape.pipeline();
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

    public boolean hasNumbers() {
        return !generatorOps.isEmpty() && !redisBenchmark.isEmpty();
    }

    public double generatorMedianOps() {
        return median(generatorOps);
    }

    public double generatorMedianP50Ms() {
        return median(generatorP50Ms);
    }

    public double redisBenchmarkMedianOps() {
        return SystemOutcome.median(redisBenchmark.stream().mapToDouble(RedisBenchmark.Result::opsPerSec).toArray());
    }

    public double redisBenchmarkMedianP50Ms() {
        return SystemOutcome.median(redisBenchmark.stream().mapToDouble(RedisBenchmark.Result::p50Ms).toArray());
    }

    /** Redis's CPU use (% of one core) while our generator ran, median; NaN if unknown. */
    public double generatorServerCpuPercent() {
        return median(generatorServerCpu);
    }

    /** Redis's CPU use (% of one core) while redis-benchmark ran, median; NaN if unknown. */
    public double redisBenchmarkServerCpuPercent() {
        return median(redisBenchmarkServerCpu);
    }

    /** The generator's own CPU use (% of one core, its whole JVM) during its runs, median; NaN if unknown. */
    public double generatorOwnCpuPercent() {
        return median(generatorOwnCpu);
    }

    /** redis-benchmark's own CPU use (% of one core) during its runs, median; NaN if unknown. */
    public double redisBenchmarkOwnCpuPercent() {
        return SystemOutcome.median(redisBenchmark.stream().mapToDouble(RedisBenchmark.Result::cpuPercent)
                .filter(v -> v >= 0).toArray());
    }

    /**
     * generator / redis-benchmark throughput, the median over rounds of each round's pair (the two runs
     * next to each other in time, so a change in the machine's load between rounds cancels); 1.0 is perfect
     * agreement.
     */
    public double ratio() {
        return SystemOutcome.median(pairedRatios());
    }

    /** Smallest and largest of the rounds' ratios, to show how much the machine moved them. */
    public double[] ratioRange() {
        double[] r = pairedRatios();
        return new double[] {java.util.Arrays.stream(r).min().orElse(Double.NaN),
                java.util.Arrays.stream(r).max().orElse(Double.NaN)};
    }

    private double[] pairedRatios() {
        int n = Math.min(generatorOps.size(), redisBenchmark.size());
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = generatorOps.get(i) / redisBenchmark.get(i).opsPerSec();
        }
        return r;
    }

    public boolean generatorSaturated() {
        return generatorOwnCpuPercent() >= SATURATED_PERCENT * generatorThreads;
    }

    public boolean redisBenchmarkSaturated() {
        return redisBenchmarkOwnCpuPercent() >= SATURATED_PERCENT * redisBenchmarkThreads;
    }

    /** Redis used at least {@value #SATURATED_PERCENT}% of its core under both tools. */
    public boolean redisSaturated() {
        return generatorServerCpuPercent() >= SATURATED_PERCENT && redisBenchmarkServerCpuPercent() >= SATURATED_PERCENT;
    }

    /**
     * What set the rate, judged from the shape and the CPU figures, in this order: one connection means the
     * round trip (one request or one pipelined batch outstanding); Redis at its core under both tools means
     * Redis; otherwise a client at its core, or, when nothing was at its core, the shared CPU (the cores
     * were split between Redis, the client and other processes, so a client's CPU per request sets the rate).
     */
    public String limit() {
        if (shape.connections() == 1) {
            return ROUND_TRIP;
        }
        if (redisSaturated()) {
            return REDIS;
        }
        if (generatorSaturated() && redisBenchmarkSaturated()) {
            return "both clients' CPU";
        }
        if (redisBenchmarkSaturated()) {
            return "redis-benchmark's CPU";
        }
        if (generatorSaturated()) {
            return "generator's CPU";
        }
        return "shared CPU";
    }

    /**
     * Both tools measured the same thing, Redis or the round trip, so they must agree: the runs the 15%
     * criterion holds for. Elsewhere the rate measures a client's CPU cost per request.
     */
    public boolean comparable() {
        String limit = limit();
        return hasNumbers() && (limit.equals(ROUND_TRIP) || limit.equals(REDIS));
    }

    public boolean agrees() {
        double r = ratio();
        return r >= LOW && r <= HIGH;
    }

    /** A client's CPU time per request in microseconds, from its CPU % and its throughput. */
    static double cpuMicrosPerRequest(double cpuPercent, double opsPerSec) {
        return cpuPercent / 100 * 1e6 / opsPerSec;
    }

    public double generatorCpuMicrosPerRequest() {
        return cpuMicrosPerRequest(generatorOwnCpuPercent(), generatorMedianOps());
    }

    public double redisBenchmarkCpuMicrosPerRequest() {
        return cpuMicrosPerRequest(redisBenchmarkOwnCpuPercent(), redisBenchmarkMedianOps());
    }

    /** "agree" or "DISAGREE" for comparable runs; for the others, "not comparable" and whether they agreed. */
    public String verdict() {
        if (comparable()) {
            return agrees() ? "agree" : "DISAGREE";
        }
        return "not comparable (" + (agrees() ? "within" : "outside") + " 15%)";
    }

    private static double median(List<Double> values) {
        return SystemOutcome.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
