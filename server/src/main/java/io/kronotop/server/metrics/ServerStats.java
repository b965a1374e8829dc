package io.kronotop.server.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server-wide counters reported by INFO stats and errorstats. Written by every reactor: the per-command and per-read
 * ones striped by reactor, the rest LongAdders.
 */
public final class ServerStats {
    public final LongAdder connectionsReceived = new LongAdder();
    public final LongAdder connectionsRejected = new LongAdder();
    public final StripedCounter commandsProcessed;
    public final StripedCounter netInputBytes;
    public final StripedCounter netOutputBytes;
    public final LongAdder errorReplies = new LongAdder();
    public final LongAdder protocolErrors = new LongAdder();
    /** Clients waiting in a blocking command (ZWATCH) whose wait is armed. A gauge: RESETSTAT leaves it. */
    public final LongAdder blockedClients = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> errorsByPrefix = new ConcurrentHashMap<>();

    /** Counters whose hot ones have a cell for each of {@code reactors} reactors. */
    public ServerStats(int reactors) {
        this.commandsProcessed = new StripedCounter(reactors);
        this.netInputBytes = new StripedCounter(reactors);
        this.netOutputBytes = new StripedCounter(reactors);
    }

    /** Counts one error reply under its prefix (the first word, e.g. ERR, WRONGTYPE). */
    public void onErrorReply(String prefix) {
        errorReplies.increment();
        errorsByPrefix.computeIfAbsent(prefix, p -> new LongAdder()).increment();
    }

    /** Error counts by prefix, sorted. */
    public Map<String, Long> errorsByPrefix() {
        Map<String, Long> map = new TreeMap<>();
        errorsByPrefix.forEach((prefix, count) -> map.put(prefix, count.sum()));
        return map;
    }

    /** CONFIG RESETSTAT. */
    public void reset() {
        connectionsReceived.reset();
        connectionsRejected.reset();
        commandsProcessed.reset();
        netInputBytes.reset();
        netOutputBytes.reset();
        errorReplies.reset();
        protocolErrors.reset();
        errorsByPrefix.clear();
    }
}
