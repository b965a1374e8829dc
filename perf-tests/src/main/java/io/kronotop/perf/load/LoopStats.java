package io.kronotop.perf.load;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Latency histograms and counters shared by the clients of one event loop. Owner: that event-loop thread;
 * read by the generator only after the loop has terminated.
 */
final class LoopStats {
    /** Latencies are recorded in nanoseconds up to this value; longer ones are clamped. */
    static final long HIGHEST_NS = 60_000_000_000L;
    private static final int MAX_ERROR_SAMPLES = 8;

    final Histogram latency = newHistogram();
    final Histogram[] perCommand;
    /** Open loop only: from actual send, i.e. what a closed-loop tool would report. */
    final Histogram serviceLatency = newHistogram();
    final long[] completedPerCommand;
    long errors;
    long moved;
    long asks;
    long pushes;
    long lastMeasuredCompletionNs = Long.MIN_VALUE;
    final Map<String, Long> errorSamples = new LinkedHashMap<>();

    LoopStats(int commandCount) {
        perCommand = new Histogram[commandCount];
        completedPerCommand = new long[commandCount];
        for (int i = 0; i < commandCount; i++) {
            perCommand[i] = newHistogram();
        }
    }

    static Histogram newHistogram() {
        return new Histogram(HIGHEST_NS, 3);
    }

    void record(int command, long latencyNs, long serviceNs, long completionNs) {
        long v = Math.max(1, Math.min(latencyNs, HIGHEST_NS));
        latency.recordValue(v);
        perCommand[command].recordValue(v);
        serviceLatency.recordValue(Math.max(1, Math.min(serviceNs, HIGHEST_NS)));
        completedPerCommand[command]++;
        if (completionNs > lastMeasuredCompletionNs) {
            lastMeasuredCompletionNs = completionNs;
        }
    }

    /** An error reply to a measured request. */
    void onError(String message) {
        errors++;
        sample(message);
    }

    /** A problem outside any measured request (a failed HELLO, a lost connection): a sample, not an error. */
    void onProblem(String message) {
        sample(message);
    }

    private void sample(String message) {
        String sample = message.length() > 120 ? message.substring(0, 120) : message;
        Long count = errorSamples.get(sample);
        if (count != null) {
            errorSamples.put(sample, count + 1);
        } else if (errorSamples.size() < MAX_ERROR_SAMPLES) {
            errorSamples.put(sample, 1L);
        }
    }
}
