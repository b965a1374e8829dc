package io.kronotop.server.metrics;

import java.util.concurrent.atomic.LongAdder;

/** Per-command counters for INFO commandstats (Redis's calls, usec, rejected_calls, failed_calls). */
public final class CommandStats {
    public final LongAdder calls = new LongAdder();
    public final LongAdder usec = new LongAdder();
    public final LongAdder rejectedCalls = new LongAdder();
    public final LongAdder failedCalls = new LongAdder();

    public void reset() {
        calls.reset();
        usec.reset();
        rejectedCalls.reset();
        failedCalls.reset();
    }
}
