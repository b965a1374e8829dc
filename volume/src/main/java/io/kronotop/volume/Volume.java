package io.kronotop.volume;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.ReadTransaction;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.volume.changelog.ChangelogPruner;
import io.kronotop.volume.changelog.HybridLogicalClock;
import io.kronotop.volume.format.CorruptSegmentException;
import io.kronotop.volume.segment.SegmentFiles;
import io.kronotop.volume.vacuum.Vacuum;
import io.kronotop.volume.vacuum.VacuumMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A volume: entries' bytes in a {@link FileSegmentStore}, their metadata in the metastore under the volume's
 * {@link Subspace} (layout in {@link VolumeSubspace}). Every entry belongs to an 8-byte prefix (a bucket, the stash)
 * and is identified by a {@link Versionstamp}, unique and ordered cluster-wide.
 *
 * <p>Writes follow one order: the bytes are copied into the writable segment and synced with their batch, then
 * their metadata (entry key, per-segment per-prefix counters, changelog record, mutation trigger) is committed,
 * then the returned future completes. An append may instead join a caller's transaction; the caller then commits,
 * and only committed metadata points at data. Bytes whose metadata never commits, and bytes replaced by an update
 * or deleted, are garbage, counted per segment from the persisted counters.
 *
 * <p>The status ({@link VolumeStatus}) is persisted; writes are refused unless {@code READWRITE}, everything when
 * {@code INOPERABLE}. Reopening reads the volume id and status from the metastore (a new volume gets a random id).
 *
 * <p>Threads: all methods may be called from any thread and never block on I/O; futures complete on the flusher or
 * metastore threads, so their dependent stages must not block.
 */
public final class Volume implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Volume.class);
    private static final int CACHE_MAX_ENTRIES = 10_000;
    private static final int MAX_USER_VERSION = 0xFFFF;

    private final String name;
    private final Path dir;
    private final long id;
    private final Database db;
    private final VolumeSubspace layout;
    private final AtomicReference<VolumeStatus> status;
    private final EntryMetadataCache cache;
    private final HybridLogicalClock clock;
    private final FileSegmentStore store;
    private final VolumeOpCounters counters = new VolumeOpCounters();
    private final AtomicLong highestSegmentId;
    private final InFlightSegments inFlight;
    /** Where the metadata commits of appended batches complete; null: the metastore's default executor. */
    private final AtomicReference<Executor> completions;
    private final VolumeStatsReader statsReader;
    private final VolumeMaintenance maintenance;
    private final Vacuum vacuum;
    private final ChangelogPruner changelogPruner;

    private Volume(String name, Path dir, long id, Database db, VolumeSubspace layout,
                   AtomicReference<VolumeStatus> status, EntryMetadataCache cache, HybridLogicalClock clock,
                   FileSegmentStore store, InFlightSegments inFlight, LongSupplier wallClockMs,
                   AtomicReference<Executor> completions) {
        this.completions = completions;
        this.clock = clock;
        this.inFlight = inFlight;
        this.statsReader = new VolumeStatsReader(db, layout, store);
        this.maintenance = new VolumeMaintenance(name, db, layout, store, cache, clock, inFlight);
        this.vacuum = new Vacuum(maintenance, new VacuumMetadata(db, layout.vacuum()), wallClockMs);
        this.changelogPruner = new ChangelogPruner(name, db, layout.changelog());
        this.highestSegmentId = new AtomicLong(lastSegmentId(store));
        this.name = name;
        this.dir = dir;
        this.id = id;
        this.db = db;
        this.layout = layout;
        this.status = status;
        this.cache = cache;
        this.store = store;
    }

    /** Opens (or creates) volume {@code name} in folder {@code dir} with metadata under {@code subspace}. */
    public static Volume open(Path dir, String name, VolumeConfig config, Database db, Subspace subspace)
        throws IOException {
        return open(dir, name, config, db, subspace, StoreEnvironment.defaults(name));
    }

    /** As {@link #open(Path, String, VolumeConfig, Database, Subspace)}; {@code env}'s listener is replaced. */
    public static Volume open(Path dir, String name, VolumeConfig config, Database db, Subspace subspace,
                              StoreEnvironment env) throws IOException {
        if (config.flushMaxBatchEntries() > MAX_USER_VERSION + 1) {
            throw new IllegalArgumentException("volume.flush.max_batch_entries must be at most "
                + (MAX_USER_VERSION + 1) + " (one user version per entry of a batch's transaction)");
        }
        VolumeSubspace layout = new VolumeSubspace(subspace);
        long candidateId = new SecureRandom().nextLong() & Long.MAX_VALUE;
        HybridLogicalClock clock = new HybridLogicalClock(env.wallClockMs());
        List<Long> retired = new ArrayList<>();
        Identity identity = db.run(tr -> {
            retired.clear();
            List<KeyValue> lastRecord = tr.getRange(layout.changelog().range(), 1, true).asList().join();
            if (!lastRecord.isEmpty()) {
                clock.observe(layout.changelog().unpack(lastRecord.getFirst().getKey()).getLong(0));
            }
            for (KeyValue guard : tr.getRange(layout.guards().range()).asList().join()) {
                retired.add(layout.guards().unpack(guard.getKey()).getLong(0));
            }
            byte[] idValue = tr.get(layout.idKey()).join();
            byte[] statusValue = tr.get(layout.statusKey()).join();
            if (idValue == null) {
                tr.set(layout.idKey(), VolumeSubspace.le(candidateId));
                tr.set(layout.statusKey(), VolumeStatus.READWRITE.name().getBytes(StandardCharsets.US_ASCII));
                return new Identity(candidateId, VolumeStatus.READWRITE);
            }
            VolumeStatus persisted = statusValue == null ? VolumeStatus.READWRITE
                : VolumeStatus.parse(new String(statusValue, StandardCharsets.US_ASCII));
            if (persisted == null) {
                LOG.error("volume {}: unreadable persisted status; treating the volume as INOPERABLE", name);
            }
            return new Identity(VolumeSubspace.readLe(idValue), persisted == null ? VolumeStatus.INOPERABLE
                : persisted);
        });
        long id = identity.id();
        AtomicReference<VolumeStatus> status = new AtomicReference<>(identity.status());
        EntryMetadataCache cache = new EntryMetadataCache(CACHE_MAX_ENTRIES);
        InFlightSegments inFlight = new InFlightSegments();
        AtomicReference<Executor> completions = new AtomicReference<>();
        BatchCommitter committer = new BatchCommitter(name, db, layout, status::get, cache, clock, inFlight,
            completions::get);
        deleteRetiredFiles(dir, name, retired);
        FileSegmentStore store = FileSegmentStore.open(dir, name, id, config,
            env.withDurabilityListener(committer));
        LOG.info("volume {}: id {}, status {}", name, Long.toHexString(id), status.get());
        Volume volume = new Volume(name, dir, id, db, layout, status, cache, clock, store, inFlight,
            env.wallClockMs(), completions);
        volume.vacuum.resumeIfInterrupted();
        return volume;
    }

    /**
     * Deletes the files of segments retired before a crash could delete them; the last file is kept whatever its
     * state (it is the writable segment, never retired, unless the metadata belongs to another copy of the volume).
     */
    private static void deleteRetiredFiles(Path dir, String name, List<Long> retired) throws IOException {
        Path segmentsDir = dir.resolve(SegmentFiles.SEGMENTS_DIR);
        if (retired.isEmpty() || !Files.isDirectory(segmentsDir)) {
            return;
        }
        List<Long> ids = SegmentFiles.listIds(segmentsDir);
        for (int i = 0; i < ids.size() - 1; i++) {
            if (retired.contains(ids.get(i))) {
                Files.deleteIfExists(segmentsDir.resolve(SegmentFiles.fileName(ids.get(i))));
                LOG.warn("volume {}: deleted segment {}, retired before the last shutdown", name, ids.get(i));
            }
        }
    }

    /**
     * Has the metadata commits of this volume's appended batches complete on {@code executor} (null: the
     * metastore's default executor), so that the futures {@link #append} returns complete there. An owner that
     * appends from one event loop passes that loop: the acknowledgements then reach it without a hand-off through
     * the metastore's callback thread. The executor must not block; work queued on it is short (completing the
     * batch's futures).
     */
    public void completeAppendsOn(Executor executor) {
        completions.set(executor);
    }

    /**
     * A subspace inside the volume's metadata kept for the volume's user, for keys that belong with the volume's
     * entries (they live and move with the volume's metadata). The volume never reads or writes it.
     */
    public Subspace userSubspace() {
        return layout.user();
    }

    /** The volume's name, e.g. {@code bucket-shard-3}. */
    public String name() {
        return name;
    }

    /** The largest payload an append or update takes; a larger one is refused with IllegalArgumentException. */
    public long maxPayloadBytes() {
        return store.maxPayloadBytes();
    }

    /** The volume's folder. */
    public Path dir() {
        return dir;
    }

    /** The volume id, persisted in the metastore and written into every segment header. */
    public long id() {
        return id;
    }

    /** The current status. */
    public VolumeStatus status() {
        return status.get();
    }

    /** Persists {@code newStatus}, then enforces it; queued writes not yet committed are refused at their commit. */
    public CompletableFuture<Void> setStatus(VolumeStatus newStatus) {
        byte[] value = newStatus.name().getBytes(StandardCharsets.US_ASCII);
        return db.runAsync(tr -> {
            tr.set(layout.statusKey(), value);
            return CompletableFuture.completedFuture((Void) null);
        }).thenRun(() -> {
            status.set(newStatus);
            LOG.info("volume {}: status set to {}", name, newStatus);
        });
    }

    /**
     * Appends one entry and commits its metadata in the batch's own transaction.
     *
     * @param payload read until the future completes; keep it valid and unchanged until then
     * @return the entry's id once its bytes are durable and its metadata committed
     */
    public CompletableFuture<Versionstamp> append(long prefix, MemorySegment payload) {
        VolumeStatusException refused = refuse(VolumeStatus.READWRITE, "append");
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        PendingOp.Append op = new PendingOp.Append(prefix);
        return store.append(prefix, payload, op).thenApply(location -> {
            onWritten(location);
            counters.onAppend(location.length());
            return op.id;
        });
    }

    /**
     * Appends one entry whose metadata joins {@code tr}: once the bytes are durable, the entry key is set in
     * {@code tr} under an incomplete versionstamp with {@code userVersion}. Wait for the future before committing
     * {@code tr}; after the commit the entry's id is {@code Versionstamp.complete(tr.getVersionstamp(),
     * userVersion)}. Each append in one transaction needs its own user version.
     */
    public CompletableFuture<EntryLocation> append(Transaction tr, int userVersion, long prefix,
                                                   MemorySegment payload) {
        if (userVersion < 0 || userVersion > MAX_USER_VERSION) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("user version " + userVersion
                + " outside [0, " + MAX_USER_VERSION + "]"));
        }
        VolumeStatusException refused = refuse(VolumeStatus.READWRITE, "append");
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        return store.append(prefix, payload, PendingOp.Joined.INSTANCE).thenApply(location -> {
            inFlight.unpinWhenDone(tr, location.segmentId());
            VolumeStatusException late = refuse(VolumeStatus.READWRITE, "append");
            if (late != null) {
                throw late;
            }
            layout.addEntry(tr, prefix, userVersion, location, clock.next());
            onWritten(location);
            counters.onAppend(location.length());
            return location;
        }).thenCompose(location -> layout.checkGuard(tr, location).thenApply(ignored -> location));
    }

    /**
     * Reads entry {@code id} outside a transaction: its location from the cache or the metastore, its bytes as a
     * zero-copy slice of the segment mapping (valid until the volume is closed).
     *
     * @return the payload, or null when there is no such entry
     */
    public CompletableFuture<MemorySegment> get(long prefix, Versionstamp entryId) {
        VolumeStatusException refused = refuse(VolumeStatus.READONLY, "read");
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        EntryLocation cached = cache.get(prefix, entryId);
        if (cached != null) {
            try {
                return CompletableFuture.completedFuture(counted(store.read(cached)));
            } catch (CorruptSegmentException | RuntimeException e) {
                LOG.debug("volume {}: cached location {} does not read back, re-reading the metadata", name,
                    cached, e);
                cache.invalidate(prefix, entryId);
            }
        }
        byte[] key = layout.entryKey(prefix, entryId);
        long generation = cache.generation();
        return db.readAsync(tr -> tr.get(key)).thenApply(value -> {
            if (value == null) {
                return null;
            }
            EntryLocation location = VolumeSubspace.decodeLocation(value);
            MemorySegment payload = read(location);
            cache.putIfUnchanged(prefix, entryId, location, generation);
            return counted(payload);
        });
    }

    /** Reads entry {@code id} inside {@code tr} (its own writes included); null when there is no such entry. */
    public CompletableFuture<MemorySegment> get(ReadTransaction tr, long prefix, Versionstamp entryId) {
        VolumeStatusException refused = refuse(VolumeStatus.READONLY, "read");
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        return tr.get(layout.entryKey(prefix, entryId))
            .thenApply(value -> value == null ? null : counted(read(VolumeSubspace.decodeLocation(value))));
    }

    /**
     * Replaces the bytes of entry {@code id}: appends {@code payload}, then repoints the entry key in the batch's
     * transaction; the old bytes become garbage.
     *
     * @return true once updated, false (after the new bytes were written, now garbage) if there is no such entry
     */
    public CompletableFuture<Boolean> update(long prefix, Versionstamp entryId, MemorySegment payload) {
        VolumeStatusException refused = refuse(VolumeStatus.READWRITE, "update");
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        PendingOp.Update op = new PendingOp.Update(prefix, entryId);
        return store.append(prefix, payload, op).thenApply(location -> {
            onWritten(location);
            if (op.previous != null) {
                counters.onUpdate(location.length());
            }
            return op.previous != null;
        });
    }

    /** Removes entry {@code id}'s metadata; its bytes become garbage. True if it existed. */
    public CompletableFuture<Boolean> delete(long prefix, Versionstamp entryId) {
        VolumeStatusException refused = refuse(VolumeStatus.READWRITE, "delete");
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        byte[] key = layout.entryKey(prefix, entryId);
        return db.runAsync(tr -> tr.get(key).thenApply(value -> {
            if (value == null) {
                return false;
            }
            removeEntry(tr, key, prefix, entryId, VolumeSubspace.decodeLocation(value));
            return true;
        })).whenComplete((deleted, error) -> {
            cache.invalidate(prefix, entryId);
            if (Boolean.TRUE.equals(deleted)) {
                counters.onDelete();
            }
        });
    }

    /**
     * As {@link #update(long, Versionstamp, MemorySegment)}, joining {@code tr}: once the new bytes are durable, the
     * key is repointed (with counters and changelog) in {@code tr}; the caller waits for the future, then commits.
     *
     * @return true if the entry exists in {@code tr}; false otherwise (the new bytes are then garbage)
     */
    public CompletableFuture<Boolean> update(Transaction tr, long prefix, Versionstamp entryId,
                                             MemorySegment payload) {
        VolumeStatusException refused = refuse(VolumeStatus.READWRITE, "update");
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        byte[] key = layout.entryKey(prefix, entryId);
        return store.append(prefix, payload, PendingOp.Joined.INSTANCE).thenCompose(location -> {
            inFlight.unpinWhenDone(tr, location.segmentId());
            onWritten(location);
            return layout.checkGuard(tr, location).thenCompose(ignored -> tr.get(key)).thenApply(old -> {
                if (old == null) {
                    return false;
                }
                EntryLocation previous = VolumeSubspace.decodeLocation(old);
                layout.repoint(tr, key, prefix, entryId, previous, location, clock.next());
                layout.bumpTrigger(tr);
                invalidateAfterCommit(tr, prefix, entryId);
                counters.onUpdate(location.length());
                return true;
            });
        });
    }

    /**
     * As {@link #delete(long, Versionstamp)}, joining {@code tr}: the key is cleared (with counters and changelog)
     * in {@code tr}, which the caller commits. True if the entry exists in {@code tr}.
     */
    public CompletableFuture<Boolean> delete(Transaction tr, long prefix, Versionstamp entryId) {
        VolumeStatusException refused = refuse(VolumeStatus.READWRITE, "delete");
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        byte[] key = layout.entryKey(prefix, entryId);
        return tr.get(key).thenApply(value -> {
            if (value == null) {
                return false;
            }
            removeEntry(tr, key, prefix, entryId, VolumeSubspace.decodeLocation(value));
            invalidateAfterCommit(tr, prefix, entryId);
            counters.onDelete();
            return true;
        });
    }

    private void removeEntry(Transaction tr, byte[] key, long prefix, Versionstamp entryId, EntryLocation location) {
        layout.remove(tr, key, prefix, entryId, location, clock.next());
    }

    /**
     * Drops the cached location now and once {@code tr} has committed or failed (the embedded metastore completes
     * the versionstamp before the commit future; FoundationDB may complete it just after), so that a reader that
     * fetched the old location meanwhile does not leave it cached.
     */
    private void invalidateAfterCommit(Transaction tr, long prefix, Versionstamp entryId) {
        cache.invalidate(prefix, entryId);
        tr.getVersionstamp().whenComplete((committed, error) -> cache.invalidate(prefix, entryId));
    }

    /** Receives the live entries of a prefix, in versionstamp order; see {@link #forEachEntry}. */
    @FunctionalInterface
    public interface EntryVisitor {
        /**
         * One live entry.
         *
         * @param payload a zero-copy slice of the segment mapping, valid until the volume is closed
         */
        void onEntry(Versionstamp entryId, MemorySegment payload);
    }

    /**
     * Streams every live entry of {@code prefix} (every committed entry key) to {@code visitor}, in versionstamp
     * order, reading the keys in pages of {@code pageSize} per read transaction so that a large prefix never needs
     * one long transaction. Entries written or deleted while the walk runs may or may not be seen. The visitor runs
     * on a metastore thread and must not block.
     *
     * @return the number of entries visited; fails with {@link CorruptSegmentException} (in a
     *     {@link CompletionException}) when a committed key points at damaged bytes
     */
    public CompletableFuture<Long> forEachEntry(long prefix, int pageSize, EntryVisitor visitor) {
        if (pageSize <= 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("page size " + pageSize));
        }
        VolumeStatusException refused = refuse(VolumeStatus.READONLY, "read");
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        return new PrefixScan(db, layout.entries(), pageSize, visitor,
            location -> counted(read(location))).run(prefix);
    }


    /** Ids of the volume's segments, ascending. */
    public List<Long> segmentIds() {
        List<Long> ids = new ArrayList<>();
        for (SegmentStats stats : store.stats()) {
            ids.add(stats.segmentId());
        }
        return ids;
    }

    /** Per-segment accounting from the persisted counters and the segments' write positions, by ascending id. */
    public CompletableFuture<List<VolumeSegmentStats>> segmentStats() {
        return statsReader.read();
    }

    /** Vacuum of this volume (START, STOP, STATUS, DROP). */
    public Vacuum vacuum() {
        return vacuum;
    }

    /** Orphan file cleanup, prefix removal, the write cursor; blocking, for operators. */
    public VolumeMaintenance maintenance() {
        return maintenance;
    }

    /** Removes changelog records older than a retention period. */
    public ChangelogPruner changelogPruner() {
        return changelogPruner;
    }

    /** The byte store underneath, for its flusher counters and verification. */
    public FileSegmentStore store() {
        return store;
    }

    /** Operation counters since open or the last reset. */
    public VolumeOpCounters counters() {
        return counters;
    }

    private MemorySegment counted(MemorySegment payload) {
        counters.onGet(payload.byteSize());
        return payload;
    }

    /** Counts segments started since open: ids are consecutive, so the highest id seen tells. */
    private void onWritten(EntryLocation location) {
        long previous = highestSegmentId.getAndAccumulate(location.segmentId(), Math::max);
        if (location.segmentId() > previous) {
            counters.onSegmentsCreated(location.segmentId() - previous);
        }
    }

    private static long lastSegmentId(FileSegmentStore store) {
        List<SegmentStats> stats = store.stats();
        return stats.isEmpty() ? 0 : stats.getLast().segmentId();
    }

    private MemorySegment read(EntryLocation location) {
        try {
            return store.read(location);
        } catch (CorruptSegmentException e) {
            throw new CompletionException(e);
        }
    }

    /** Null when the status allows {@code operation} (needs at least {@code needed}), else the refusal. */
    private VolumeStatusException refuse(VolumeStatus needed, String operation) {
        VolumeStatus current = status.get();
        boolean allowed = current == VolumeStatus.READWRITE
            || (current == VolumeStatus.READONLY && needed == VolumeStatus.READONLY);
        return allowed ? null : new VolumeStatusException(name, current, operation);
    }

    /** What the metastore holds about the volume itself. */
    private record Identity(long id, VolumeStatus status) {
    }

    /** Syncs and commits what is queued, then releases the files; the database stays open (the caller owns it). */
    @Override
    public void close() {
        vacuum.close();
        store.close();
    }
}
