package io.kronotop.volume;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.volume.changelog.HybridLogicalClock;
import io.kronotop.volume.flush.DurabilityListener;
import io.kronotop.volume.format.EntryDescriptor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Commits the metadata of one durable batch in one metastore transaction: the entry keys of new appends
 * (versionstamped, the user version being the entry's index among the batch's appends), the repointed keys of
 * updates, the changelog records of both, the per-segment per-prefix counters and the mutation trigger (bumped
 * once per batch, which also keeps the transaction a writing one when every update found nothing). The batch's
 * appends are acknowledged when this commit completes, so data is always durable before the metadata that points
 * at it.
 *
 * <p>Called on the volume's flusher or sync thread (whichever synced the batch); never blocks (the commit runs on
 * the metastore's threads). The commit completes on the executor set with {@link Volume#completeAppendsOn}, else on
 * the metastore's default one, and so do the batch's append futures. Conflicts (only updates read) are retried by {@link Database#runAsync}; every attempt
 * rewrites the whole batch.
 */
final class BatchCommitter implements DurabilityListener {
    private final String volumeName;
    private final Database db;
    private final VolumeSubspace layout;
    private final Supplier<VolumeStatus> status;
    private final EntryMetadataCache cache;
    private final HybridLogicalClock clock;
    private final InFlightSegments inFlight;
    private final Supplier<Executor> completions;

    BatchCommitter(String volumeName, Database db, VolumeSubspace layout, Supplier<VolumeStatus> status,
                   EntryMetadataCache cache, HybridLogicalClock clock, InFlightSegments inFlight,
                   Supplier<Executor> completions) {
        this.completions = completions;
        this.clock = clock;
        this.inFlight = inFlight;
        this.volumeName = volumeName;
        this.db = db;
        this.layout = layout;
        this.status = status;
        this.cache = cache;
    }

    @Override
    public CompletionStage<?> onDurable(List<EntryLocation> batch) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<?> onDurable(List<EntryLocation> batch, List<Object> attachments) {
        List<EntryLocation> locations = new ArrayList<>();
        List<PendingOp> ops = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (attachments.get(i) == PendingOp.Joined.INSTANCE) {
                inFlight.pin(batch.get(i).segmentId()); // unpinned when the caller's transaction ends (Volume)
            } else if (attachments.get(i) instanceof PendingOp op) {
                locations.add(batch.get(i));
                ops.add(op);
            }
        }
        if (ops.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        VolumeStatus current = status.get();
        if (current != VolumeStatus.READWRITE) {
            return CompletableFuture.failedFuture(new VolumeStatusException(volumeName, current, "write"));
        }
        for (EntryLocation location : locations) {
            inFlight.pin(location.segmentId());
        }
        return commit(locations, ops).whenComplete((ignored, error) -> {
            for (EntryLocation location : locations) {
                inFlight.unpin(location.segmentId());
            }
        });
    }

    private CompletableFuture<Void> commit(List<EntryLocation> locations, List<PendingOp> ops) {
        AtomicReference<CompletableFuture<byte[]>> versionstamp = new AtomicReference<>();
        Executor executor = completions.get();
        CompletableFuture<Void> metadata = db.runAsync(tr -> {
            List<CompletableFuture<Void>> reads = new ArrayList<>();
            layout.bumpTrigger(tr);
            long guarded = -1;
            for (EntryLocation location : locations) {
                if (location.segmentId() != guarded) {
                    guarded = location.segmentId();
                    reads.add(layout.checkGuard(tr, location));
                }
            }
            // reads first: once an entry key is written under an incomplete versionstamp, reading keys of its
            // prefix in this transaction is refused (accessed_unreadable)
            byte[][] found = new byte[ops.size()][];
            for (int i = 0; i < ops.size(); i++) {
                int index = i;
                switch (ops.get(i)) {
                    case PendingOp.Update update -> reads.add(tr.get(layout.entryKey(update.prefix, update.id))
                        .thenAccept(value -> found[index] = value));
                    case PendingOp.Relocate relocate -> reads.add(tr.get(layout.entryKey(relocate.prefix,
                        relocate.id)).thenAccept(value -> found[index] = value));
                    case PendingOp.Append ignored -> {
                        // writes only
                    }
                    case PendingOp.Joined ignored -> {
                        // filtered out above
                    }
                }
            }
            versionstamp.set(tr.getVersionstamp());
            return CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]))
                .thenRun(() -> write(tr, locations, ops, found));
        }, executor != null ? executor : db.getExecutor());
        return metadata.thenCompose(ignored -> versionstamp.get()).thenAccept(committed -> {
            for (int i = 0; i < ops.size(); i++) {
                switch (ops.get(i)) {
                    case PendingOp.Append append -> {
                        append.id = Versionstamp.complete(committed, append.userVersion);
                        cache.put(append.prefix, append.id, locations.get(i));
                    }
                    case PendingOp.Update update -> cache.invalidate(update.prefix, update.id);
                    case PendingOp.Relocate relocate -> cache.invalidate(relocate.prefix, relocate.id);
                    case PendingOp.Joined ignored -> {
                        // filtered out above
                    }
                }
            }
        });
    }

    /**
     * The batch's writes, in order, once its reads are done; {@code found[i]} is the location of op i's entry read
     * at the start. Several ops of one batch may touch the same entry (two updates, an update and a relocation): each
     * sees the location the previous one left, so the later one wins and the counters move once per repointing.
     */
    private void write(Transaction tr, List<EntryLocation> locations, List<PendingOp> ops, byte[][] found) {
        int userVersion = 0;
        Map<ByteBuffer, byte[]> current = new HashMap<>();
        Map<SegmentPrefix, long[]> added = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            EntryLocation location = locations.get(i);
            switch (ops.get(i)) {
                case PendingOp.Append append -> {
                    append.userVersion = userVersion++;
                    layout.addEntryKeys(tr, append.prefix, append.userVersion, location, clock.next());
                    count(added, append.prefix, location, 1);
                }
                case PendingOp.Update update -> {
                    byte[] key = layout.entryKey(update.prefix, update.id);
                    byte[] value = current.getOrDefault(ByteBuffer.wrap(key), found[i]);
                    update.previous = value == null ? null : VolumeSubspace.decodeLocation(value);
                    if (update.previous != null) {
                        layout.repointKeys(tr, key, update.prefix, update.id, update.previous, location,
                            clock.next());
                        count(added, update.prefix, update.previous, -1);
                        count(added, update.prefix, location, 1);
                        current.put(ByteBuffer.wrap(key), VolumeSubspace.encodeLocation(location));
                    }
                }
                case PendingOp.Relocate relocate -> {
                    byte[] key = layout.entryKey(relocate.prefix, relocate.id);
                    byte[] value = current.getOrDefault(ByteBuffer.wrap(key), found[i]);
                    relocate.moved = value != null && Arrays.equals(value, VolumeSubspace.encodeLocation(relocate.from));
                    if (relocate.moved) {
                        layout.repointKeys(tr, key, relocate.prefix, relocate.id, relocate.from, location,
                            clock.next());
                        count(added, relocate.prefix, relocate.from, -1);
                        count(added, relocate.prefix, location, 1);
                        current.put(ByteBuffer.wrap(key), VolumeSubspace.encodeLocation(location));
                    }
                }
                case PendingOp.Joined ignored -> {
                    // filtered out in onDurable
                }
            }
        }
        // one pair of counter additions per segment and prefix, not per entry (the trigger is bumped once above);
        // a pair that nets to nothing is left out
        for (Map.Entry<SegmentPrefix, long[]> e : added.entrySet()) {
            if (e.getValue()[0] != 0 || e.getValue()[1] != 0) {
                layout.account(tr, e.getKey().prefix(), e.getKey().segmentId(), e.getValue()[0], e.getValue()[1]);
            }
        }
    }

    /** Adds {@code sign} entries (1 or -1) of the record at {@code location} to the batch's counter sums. */
    private static void count(Map<SegmentPrefix, long[]> sums, long prefix, EntryLocation location, int sign) {
        long[] s = sums.computeIfAbsent(new SegmentPrefix(location.segmentId(), prefix), k -> new long[2]);
        s[0] += sign;
        s[1] += sign * EntryDescriptor.recordLength(location.length());
    }

    private record SegmentPrefix(long segmentId, long prefix) {
    }
}
