package io.kronotop.perf.load;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.Map;

/**
 * The outcome of one generator run. Latencies are in nanoseconds.
 *
 * @param requests        measured requests that got a reply (errors included)
 * @param errors          of those, error replies (MOVED/ASK that were followed are not errors)
 * @param durationNs      from the start of measurement (after warm-up) to the last measured reply
 * @param latency         every measured request; in open loop, from its intended send time
 * @param serviceLatency  open loop only: from the actual send (what a closed-loop tool would see), else null
 * @param perCommand      latency per command name (templates with the same name are merged)
 * @param completedPerCommand replies per command name
 * @param errorSamples    distinct error replies and connection problems (first few) with their counts
 * @param complete        false when the run hit its safety timeout or lost connections
 */
public record LoadResult(
        long requests,
        long errors,
        long moved,
        long asks,
        long durationNs,
        Histogram latency,
        Histogram serviceLatency,
        Map<String, Histogram> perCommand,
        Map<String, Long> completedPerCommand,
        Map<String, Long> errorSamples,
        boolean complete) {

    public double opsPerSec() {
        return durationNs <= 0 ? 0 : requests * 1e9 / durationNs;
    }

    /** Latency at {@code percentile} (0-100) in milliseconds. */
    public double percentileMs(double percentile) {
        return latency.getValueAtPercentile(percentile) / 1e6;
    }

    public double maxMs() {
        return latency.getMaxValue() / 1e6;
    }

    /** Writes the HdrHistogram percentile distribution ({@code .hgrm}), values in milliseconds. */
    public void writeHgrm(PrintStream out) {
        latency.outputPercentileDistribution(out, 1e6);
    }

    /** One-line summary: ops/s and the usual percentiles. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%,.0f ops/s  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  p99.99 %.3f  max %.3f ms"
                        + "  (%d requests, %d errors, %d moved)",
                opsPerSec(), percentileMs(50), percentileMs(90), percentileMs(99), percentileMs(99.9),
                percentileMs(99.99), maxMs(), requests, errors, moved);
    }
}
