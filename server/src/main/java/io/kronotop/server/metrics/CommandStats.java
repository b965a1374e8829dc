package io.kronotop.server.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * Per-command counters for INFO commandstats (Redis's calls, usec, rejected_calls, failed_calls) and the latency
 * distribution for INFO latencystats.
 */
public final class CommandStats {
    /** Added to by every command run: striped by reactor. */
    public final StripedCounter calls;
    /** Time spent in the command's handler, in nanoseconds (INFO reports microseconds). */
    public final StripedCounter nanos;
    /** How long each call took (INFO latencystats, LATENCY HISTOGRAM); striped by reactor. */
    public final LatencyHistogram latency;
    public final LongAdder rejectedCalls = new LongAdder();
    public final LongAdder failedCalls = new LongAdder();

    /** Stats whose hot counters have a cell for each of {@code reactors} reactors. */
    public CommandStats(int reactors) {
        this.calls = new StripedCounter(reactors);
        this.nanos = new StripedCounter(reactors);
        this.latency = new LatencyHistogram(reactors);
    }

    public void reset() {
        calls.reset();
        nanos.reset();
        latency.reset();
        rejectedCalls.reset();
        failedCalls.reset();
    }
}
