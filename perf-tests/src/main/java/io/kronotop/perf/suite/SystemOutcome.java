package io.kronotop.perf.suite;

import io.kronotop.perf.load.LoadResult;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One system's results for one workload: every round, or why there are none. */
public final class SystemOutcome {
    /** Whether the system produced numbers. */
    public enum Status { OK, UNSUPPORTED, UNAVAILABLE, FAILED }

    private final String system;
    private Status status = Status.OK;
    private String reason = "";
    private final List<LoadResult> rounds = new ArrayList<>();
    private final List<Double> serverCpuPercent = new ArrayList<>();
    private final List<Double> generatorCpuPercent = new ArrayList<>();

    SystemOutcome(String system) {
        this.system = system;
    }

    public String system() {
        return system;
    }

    public Status status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public List<LoadResult> rounds() {
        return rounds;
    }

    void mark(Status newStatus, String why) {
        status = newStatus;
        reason = why;
    }

    void add(LoadResult result, double cpuPercent, double generatorPercent) {
        rounds.add(result);
        if (cpuPercent >= 0) {
            serverCpuPercent.add(cpuPercent);
        }
        if (generatorPercent >= 0) {
            generatorCpuPercent.add(generatorPercent);
        }
    }

    /** Median over rounds of the generator's (this JVM's) CPU use during the run, in % of one core. */
    public double medianGeneratorCpuPercent() {
        return median(generatorCpuPercent.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Median over rounds of the server's CPU use during the run, in % of one core; NaN if unknown. */
    public double medianServerCpuPercent() {
        return median(serverCpuPercent.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public boolean hasNumbers() {
        return status == Status.OK && !rounds.isEmpty();
    }

    /** Every round's latencies in one histogram. */
    public Histogram merged() {
        Histogram h = new Histogram(60_000_000_000L, 3);
        for (LoadResult r : rounds) {
            h.add(r.latency());
        }
        return h;
    }

    public double medianOpsPerSec() {
        return median(rounds.stream().mapToDouble(LoadResult::opsPerSec).toArray());
    }

    /** Median over rounds of each round's percentile, in ms. */
    public double medianPercentileMs(double percentile) {
        return median(rounds.stream().mapToDouble(r -> r.percentileMs(percentile)).toArray());
    }

    /**
     * Open loop only: median over rounds of the service-time percentile (from the actual send, what a
     * closed-loop tool would report), in ms; NaN for closed-loop rounds.
     */
    public double medianServicePercentileMs(double percentile) {
        return median(rounds.stream().filter(r -> r.serviceLatency() != null)
                .mapToDouble(r -> r.serviceLatency().getValueAtPercentile(percentile) / 1e6).toArray());
    }

    public double maxMs() {
        return rounds.stream().mapToDouble(LoadResult::maxMs).max().orElse(0);
    }

    /** Median over rounds of one command's percentile, in ms (NaN when the command did not run). */
    public double medianCommandPercentileMs(String command, double percentile) {
        return median(rounds.stream().filter(r -> r.perCommand().containsKey(command))
                .mapToDouble(r -> r.perCommand().get(command).getValueAtPercentile(percentile) / 1e6).toArray());
    }

    /** Median over rounds of one command's replies per second. */
    public double medianCommandOpsPerSec(String command) {
        return median(rounds.stream().filter(r -> r.durationNs() > 0)
                .mapToDouble(r -> r.completedPerCommand().getOrDefault(command, 0L) * 1e9 / r.durationNs()).toArray());
    }

    public long errors() {
        return rounds.stream().mapToLong(LoadResult::errors).sum();
    }

    public long requests() {
        return rounds.stream().mapToLong(LoadResult::requests).sum();
    }

    /** Smallest and largest round throughput, to show the spread. */
    public double[] opsRange() {
        double[] v = rounds.stream().mapToDouble(LoadResult::opsPerSec).toArray();
        return new double[] {Arrays.stream(v).min().orElse(0), Arrays.stream(v).max().orElse(0)};
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
