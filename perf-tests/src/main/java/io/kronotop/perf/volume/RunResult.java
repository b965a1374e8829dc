package io.kronotop.perf.volume;

import org.HdrHistogram.Histogram;

/**
 * One measured run of one system at one payload size and thread count.
 *
 * @param system       {@code volume} or {@code raw}
 * @param ops          acknowledged appends that started inside the measured window
 * @param seconds      length of the measured window
 * @param recordBytes  bytes one append puts on disk (header, payload, padding)
 * @param latencyNs    acknowledgement latency of those appends, nanoseconds
 * @param entriesPerSync appends per data sync over the whole run, warm-up included
 * @param loadBefore   1-minute load average when the run started
 * @param loadAfter    1-minute load average when it ended
 */
record RunResult(String system, int payloadBytes, int threads, int round, long ops, double seconds,
                 long recordBytes, Histogram latencyNs, double entriesPerSync, double loadBefore, double loadAfter) {

    double opsPerSec() {
        return ops / seconds;
    }

    double mibPerSec() {
        return opsPerSec() * recordBytes / (1 << 20);
    }

    /** Latency at {@code percentile}, in milliseconds. */
    double percentileMs(double percentile) {
        return latencyNs.getValueAtPercentile(percentile) / 1e6;
    }

    double maxMs() {
        return latencyNs.getMaxValue() / 1e6;
    }
}
