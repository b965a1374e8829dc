package io.kronotop.server.command.volume;

import io.kronotop.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Keeps each open volume's changelog a bounded backlog: every {@link #intervalMs} its records older than
 * {@code volume.changelog.retention.ms} are cleared ({@link Volumes} runs {@link #pruneAll} on its maintenance
 * thread). Without it the changelog gains a record per append, update and delete for ever, and the embedded
 * metastore, which holds everything in memory, reaches {@code metastore.memory_limit} within minutes of a steady
 * Redis write load, after which every write fails.
 */
final class ChangelogRetention {
    private static final Logger LOG = LoggerFactory.getLogger(ChangelogRetention.class);
    private static final long PRUNE_TIMEOUT_MS = 30_000;

    private final Volumes volumes;
    private final long retentionMs;
    private final long intervalMs;
    private final LongSupplier clockMs;
    private long failures;

    ChangelogRetention(Volumes volumes, long retentionMs, LongSupplier clockMs) {
        if (retentionMs <= 0) {
            throw new IllegalArgumentException("retention must be positive: " + retentionMs);
        }
        this.volumes = volumes;
        this.retentionMs = retentionMs;
        this.intervalMs = intervalMs(retentionMs);
        this.clockMs = clockMs;
    }

    /**
     * A quarter of the retention, between 100 ms and 1 s: each run clears a thin slice (at most about a second of
     * writes), so no single transaction clears a large range at once.
     */
    static long intervalMs(long retentionMs) {
        return Math.clamp(retentionMs / 4, 100, 1_000);
    }

    long intervalMs() {
        return intervalMs;
    }

    /** One pass over the open volumes; a failure is logged and the next pass tries again. */
    void pruneAll() {
        for (String name : volumes.names()) {
            Volume volume = volumes.get(name);
            if (volume == null) {
                continue;
            }
            try {
                volume.changelogPruner().pruneOlderThanMs(retentionMs, clockMs.getAsLong())
                    .get(PRUNE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                failures++;
                if (Long.bitCount(failures) == 1) {
                    LOG.warn("volume {}: automatic changelog pruning failed ({} failures so far); retried in {} ms",
                        name, failures, intervalMs, e);
                }
            }
        }
    }
}
