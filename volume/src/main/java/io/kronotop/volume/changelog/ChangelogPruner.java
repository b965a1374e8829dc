package io.kronotop.volume.changelog;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Removes old changelog records. Records are keyed by their sequence number first ({@code (seq, parentKind, kind,
 * versionstamp)} under the changelog subspace), and a sequence number starts with its wall-clock milliseconds
 * ({@link HybridLogicalClock}), so "older than N hours" is one range: everything below the sequence number of
 * {@code now - N hours}, cleared in one transaction. Segment files are not touched. Nothing reads the changelog yet
 * (replication will), so no reader's progress is consulted.
 *
 * <p>Besides the operator's {@code PRUNE-CHANGELOG} in hours, {@link #pruneOlderThanMs} serves the server's automatic
 * retention, which keeps the changelog a bounded backlog (like Redis's replication backlog): without it, a steady
 * write load grows the metadata by one record per change for ever.
 */
public final class ChangelogPruner {
    private static final Logger LOG = LoggerFactory.getLogger(ChangelogPruner.class);

    private final String volumeName;
    private final Database db;
    private final Subspace changelog;

    public ChangelogPruner(String volumeName, Database db, Subspace changelog) {
        this.volumeName = volumeName;
        this.db = db;
        this.changelog = changelog;
    }

    /**
     * Clears the records older than {@code retentionHours} before {@code nowMs}.
     *
     * @throws IllegalArgumentException if {@code retentionHours} is not positive
     */
    public CompletableFuture<Void> prune(long retentionHours, long nowMs) {
        if (retentionHours <= 0) {
            throw new IllegalArgumentException("retention period must be greater than zero");
        }
        long cutoffMs = Math.max(0, nowMs - TimeUnit.HOURS.toMillis(Math.min(retentionHours, 24L * 365 * 1000)));
        long cutoff = cutoffMs << HybridLogicalClock.LOGICAL_BITS;
        return pruneBelow(cutoff);
    }

    /** Clears every record whose sequence number is below {@code sequenceNumber}. */
    public CompletableFuture<Void> pruneBelow(long sequenceNumber) {
        return clearBelow(sequenceNumber).thenRun(() -> LOG.info("volume {}: changelog pruned below sequence number {}",
            volumeName, sequenceNumber));
    }

    /**
     * Clears the records older than {@code retentionMs} before {@code nowMs}: the automatic retention, run often, so
     * each run clears a little and logs nothing above debug.
     *
     * @throws IllegalArgumentException if {@code retentionMs} is not positive
     */
    public CompletableFuture<Void> pruneOlderThanMs(long retentionMs, long nowMs) {
        if (retentionMs <= 0) {
            throw new IllegalArgumentException("retention period must be greater than zero");
        }
        long cutoff = Math.max(0, nowMs - retentionMs) << HybridLogicalClock.LOGICAL_BITS;
        return clearBelow(cutoff).thenRun(() -> LOG.debug("volume {}: changelog pruned below sequence number {}",
            volumeName, cutoff));
    }

    /** Sequence number of the oldest record kept, or -1 when the changelog is empty. */
    public CompletableFuture<Long> oldestSequenceNumber() {
        return db.readAsync(tr -> tr.getRange(changelog.range(), 1).asList().thenApply(first -> first.isEmpty()
            ? -1L : changelog.unpack(first.getFirst().getKey()).getLong(0)));
    }

    private CompletableFuture<Void> clearBelow(long sequenceNumber) {
        byte[] begin = changelog.range().begin;
        byte[] end = changelog.pack(Tuple.from(sequenceNumber));
        return db.runAsync(tr -> {
            tr.clear(begin, end);
            return CompletableFuture.completedFuture((Void) null);
        });
    }
}
