package io.kronotop.volume;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.volume.changelog.HybridLogicalClock;
import io.kronotop.volume.flush.DurabilityListener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * <p>Called on the flusher thread; never blocks (the commit runs on the metastore's threads). Conflicts (only
 * updates read) are retried by {@link Database#runAsync}; every attempt rewrites the whole batch.
 */
final class BatchCommitter implements DurabilityListener {
    private final String volumeName;
    private final Database db;
    private final VolumeSubspace layout;
    private final Supplier<VolumeStatus> status;
    private final EntryMetadataCache cache;
    private final HybridLogicalClock clock;

    BatchCommitter(String volumeName, Database db, VolumeSubspace layout, Supplier<VolumeStatus> status,
                   EntryMetadataCache cache, HybridLogicalClock clock) {
        this.clock = clock;
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
            if (attachments.get(i) instanceof PendingOp op && op != PendingOp.Joined.INSTANCE) {
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
        AtomicReference<CompletableFuture<byte[]>> versionstamp = new AtomicReference<>();
        return db.runAsync(tr -> {
            List<CompletableFuture<Void>> reads = new ArrayList<>();
            int userVersion = 0;
            layout.bumpTrigger(tr);
            long guarded = -1;
            for (EntryLocation location : locations) {
                if (location.segmentId() != guarded) {
                    guarded = location.segmentId();
                    reads.add(layout.checkGuard(tr, location));
                }
            }
            for (int i = 0; i < ops.size(); i++) {
                EntryLocation location = locations.get(i);
                switch (ops.get(i)) {
                    case PendingOp.Append append -> {
                        append.userVersion = userVersion++;
                        layout.addEntry(tr, append.prefix, append.userVersion, location, clock.next());
                    }
                    case PendingOp.Update update -> {
                        byte[] key = layout.entryKey(update.prefix, update.id);
                        reads.add(tr.get(key).thenAccept(old -> {
                            update.previous = old == null ? null : VolumeSubspace.decodeLocation(old);
                            if (old != null) {
                                layout.repoint(tr, key, update.prefix, update.id, update.previous, location,
                                    clock.next());
                            }
                        }));
                    }
                    case PendingOp.Relocate relocate -> {
                        byte[] key = layout.entryKey(relocate.prefix, relocate.id);
                        byte[] expected = VolumeSubspace.encodeLocation(relocate.from);
                        reads.add(tr.get(key).thenAccept(found -> {
                            relocate.moved = found != null && Arrays.equals(found, expected);
                            if (relocate.moved) {
                                layout.repoint(tr, key, relocate.prefix, relocate.id, relocate.from, location,
                                    clock.next());
                            }
                        }));
                    }
                    case PendingOp.Joined ignored -> {
                        // filtered out above
                    }
                }
            }
            versionstamp.set(tr.getVersionstamp());
            return CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]));
        }).thenCompose(ignored -> versionstamp.get()).thenAccept(committed -> {
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
}
