package io.kronotop.metastore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The commit thread ({@code metastore-commit}): owns the resolver, every write to the store, the choice of log file
 * and the prune horizon. Each loop drains all waiting transactions into one batch sharing one commit version
 * (versionstamp batch index = position in the batch), resolves and applies them in order and encodes one log record,
 * which it hands to the {@link LogSyncer}. That one writes every record handed over since its last sync with one
 * write and one {@code fdatasync}, then this class publishes them in version order: the read version, watches and
 * the futures. The commit thread does no I/O itself, so it keeps resolving while a sync runs, and concurrent
 * committers share syncs (group commit).
 */
final class CommitPipeline implements Runnable, LogSyncer.Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(CommitPipeline.class);
    static final long WINDOW_NS = 5_000_000_000L;
    static final long PRUNE_LAG_NS = 6_000_000_000L;
    private static final long MAINTENANCE_INTERVAL_NS = 100_000_000L;
    private static final int MAX_BATCH = 8192;
    /**
     * While a log sync runs, the commit thread sleeps until this many transactions wait or the sync ends, rather than
     * waking for each one: their records could not be synced sooner anyway, and fewer wake-ups leave more CPU.
     */
    static final int WAKE_BATCH_DURING_SYNC = 16;
    private static final int NEVER = Integer.MAX_VALUE;

    private final Path dir;
    private final MvccStore store;
    private final ConflictResolver resolver = new ConflictResolver();
    private final WatchRegistry watches;
    private final LongSupplier clock;
    private final long memoryLimitBytes;
    private final long checkpointLogBytes;
    private final ConcurrentLinkedQueue<CommitRequest> queue = new ConcurrentLinkedQueue<>();
    /** Requests in {@code queue}. */
    private final AtomicInteger queued = new AtomicInteger();
    /** Queue length at which a submitter wakes the sleeping commit thread; {@link #NEVER} while it runs. */
    private final AtomicInteger wakeAt = new AtomicInteger(NEVER);
    private final WalDescriptor.Encoder encoder = new WalDescriptor.Encoder();
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private final ExecutorService checkpointer;
    private final Thread thread;
    private final LogSyncer syncer;
    private final long baseVersion;
    private final long baseNs;

    private WriteAheadLog wal;
    /** Bytes handed over for {@code wal}, header included. Commit thread only. */
    private long walBytes;
    private long lastVersion;
    private long lastMaintenanceNs;
    private volatile long committedVersion;
    private volatile long horizon;
    private volatile long pinnedVersion = Long.MAX_VALUE;
    private volatile boolean checkpointRunning;
    private volatile boolean running = true;
    private volatile int failureCode;
    private final List<CommitRequest> accepted = new ArrayList<>();
    private final List<CommitRequest> watchOnly = new ArrayList<>();

    // Counters, written by the commit thread only, read by getClientStatus.
    private volatile long committedCount;
    private volatile long conflictCount;
    private volatile long tooOldCount;
    private volatile long batchCount;
    private final List<byte[]> changedKeys = new ArrayList<>();

    CommitPipeline(Path dir, MvccStore store, WatchRegistry watches, LongSupplier clock, long lastVersion,
                   WriteAheadLog wal, long memoryLimitBytes, long checkpointLogBytes) {
        this.dir = dir;
        this.store = store;
        this.watches = watches;
        this.clock = clock;
        this.lastVersion = lastVersion;
        this.committedVersion = lastVersion;
        this.horizon = 0;
        this.baseVersion = lastVersion;
        this.baseNs = clock.getAsLong();
        this.lastMaintenanceNs = baseNs;
        this.wal = wal;
        this.walBytes = wal.position();
        this.memoryLimitBytes = memoryLimitBytes;
        this.checkpointLogBytes = checkpointLogBytes;
        this.checkpointer = Executors.newSingleThreadExecutor(r -> daemon(r, "metastore-checkpoint"));
        this.thread = daemon(this, "metastore-commit");
        this.syncer = new LogSyncer(this);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        thread.start();
        syncer.start();
    }

    long committedVersion() {
        return committedVersion;
    }

    long horizon() {
        return horizon;
    }

    /**
     * Counters as JSON members: commits, conflicts, too-old rejections, batches (one commit version and log record
     * each), log syncs ({@code fdatasync} calls; one covers every batch written since the previous one), and of
     * those the syncs of a lone batch done by the commit thread itself.
     */
    String countersJson() {
        return "\"Commits\":" + committedCount + ",\"Conflicts\":" + conflictCount + ",\"TooOld\":" + tooOldCount
                + ",\"Batches\":" + batchCount + ",\"Syncs\":" + syncer.syncCount()
                + ",\"InlineSyncs\":" + syncer.inlineSyncCount() + ",\"Horizon\":" + horizon;
    }

    LongSupplier clock() {
        return clock;
    }

    void submit(CommitRequest req) {
        int failure = failureCode;
        if (failure != 0 || !running) {
            req.done.completeExceptionally(FdbErrors.error(failure != 0 ? failure : FdbErrors.SHUTDOWN_IN_PROGRESS));
            return;
        }
        queue.add(req);
        int n = queued.incrementAndGet();
        int w = wakeAt.get();
        if (n >= w && wakeAt.compareAndSet(w, NEVER)) {
            LockSupport.unpark(thread);
        }
        if (!running) {
            drainRejected();
        }
    }

    private void drainRejected() {
        CommitRequest r;
        while ((r = queue.poll()) != null) {
            queued.decrementAndGet();
            r.done.completeExceptionally(FdbErrors.error(FdbErrors.SHUTDOWN_IN_PROGRESS));
        }
    }

    /** Stops accepting commits, finishes the queued ones and joins the thread. */
    void shutdown() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join();
        syncer.join();
        drainRejected();
        checkpointer.shutdown();
        checkpointer.awaitTermination(1, TimeUnit.MINUTES);
    }

    @Override
    public void run() {
        List<CommitRequest> batch = new ArrayList<>();
        while (true) {
            CommitRequest first = queue.poll();
            maintenance();
            if (first == null) {
                if (!running) {
                    syncer.submit(CommitBatch.stopMarker(wal));
                    return;
                }
                waitForRequests();
                continue;
            }
            batch.clear();
            batch.add(first);
            CommitRequest next;
            while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
                batch.add(next);
            }
            queued.addAndGet(-batch.size());
            try {
                commitBatch(batch);
            } catch (RuntimeException e) {
                LOG.error("Commit batch failed unexpectedly; the metastore stops accepting commits", e);
                failureCode = FdbErrors.INTERNAL_ERROR;
                for (CommitRequest r : batch) {
                    r.done.completeExceptionally(FdbErrors.error(FdbErrors.COMMIT_UNKNOWN_RESULT));
                }
            }
        }
    }

    /**
     * Sleeps until a transaction arrives, or, while a log sync runs, until {@link #WAKE_BATCH_DURING_SYNC} have
     * arrived or the sync ends ({@link #onSynced}); at most until the next maintenance.
     */
    private void waitForRequests() {
        boolean syncing = syncer.syncing();
        int k = syncing ? WAKE_BATCH_DURING_SYNC : 1;
        wakeAt.set(k);
        // Re-check after publishing wakeAt: a submitter or the log-sync thread that acted before it saw NEVER.
        if (queued.get() < k && (!syncing || syncer.syncing()) && running) {
            LockSupport.parkNanos(this, MAINTENANCE_INTERVAL_NS);
        }
        wakeAt.set(NEVER);
    }

    @Override
    public void onSynced() {
        int w = wakeAt.get();
        if (w > 1 && w != NEVER && wakeAt.compareAndSet(w, NEVER)) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public boolean hasQueuedRequests() {
        return queued.get() > 0;
    }

    private long nextVersion() {
        long clockVersion = baseVersion + (clock.getAsLong() - baseNs) / 1000;
        return Math.max(lastVersion + 1, clockVersion);
    }

    private void commitBatch(List<CommitRequest> batch) {
        if (failureCode != 0) {
            for (CommitRequest r : batch) {
                r.done.completeExceptionally(FdbErrors.error(failureCode));
            }
            return;
        }
        long nowNs = clock.getAsLong();
        long version = nextVersion();
        accepted.clear();
        watchOnly.clear();
        changedKeys.clear();
        boolean trackChanges = !watches.isEmpty();
        encoder.begin(version);
        int index = 0;
        for (CommitRequest r : batch) {
            if (r.isWatchOnly()) {
                watchOnly.add(r);
                continue;
            }
            if (r.readVersion >= 0 && (r.readVersion < horizon || nowNs - r.readVersionNs > WINDOW_NS)) {
                fail(r, FdbErrors.error(FdbErrors.TRANSACTION_TOO_OLD));
                tooOldCount++;
                continue;
            }
            if (r.readVersion >= 0 && resolver.conflicts(r.readConflicts, r.readVersion)) {
                fail(r, FdbErrors.error(FdbErrors.NOT_COMMITTED));
                conflictCount++;
                continue;
            }
            if (r.growsMemory && store.memoryBytes() > memoryLimitBytes) {
                fail(r, FdbErrors.error(FdbErrors.OPERATION_FAILED,
                        "metastore memory limit of " + memoryLimitBytes + " bytes reached (metastore.memory_limit);"
                                + " clear data or move to a FoundationDB cluster"));
                continue;
            }
            r.batchIndex = index;
            byte[] stamp = Mutations.stamp(version, index);
            index++;
            resolver.addWrites(r.writeConflicts, version);
            apply(r, version, stamp, trackChanges);
            accepted.add(r);
        }
        if (accepted.isEmpty()) {
            if (!watchOnly.isEmpty()) {
                syncer.submit(CommitBatch.watchesOnly(List.copyOf(watchOnly), wal));
            }
            return;
        }
        lastVersion = version;
        byte[] record = null;
        if (!encoder.isEmpty()) {
            record = encoder.finishToArray();
            walBytes += record.length;
        }
        syncer.syncOrSubmit(new CommitBatch(version, List.copyOf(accepted), List.copyOf(watchOnly),
                trackChanges ? new ArrayList<>(changedKeys) : List.of(), record, wal, false, false));
        // A checkpoint rewrites all live data, so wait until the log is at least that large too: the write
        // amplification stays below 2x, and recovery replays at most about the data's size.
        if (walBytes > Math.max(checkpointLogBytes, store.liveKeyValueBytes()) && !checkpointRunning) {
            startCheckpoint();
        }
    }

    @Override
    public boolean failed() {
        return failureCode != 0;
    }

    @Override
    public void onLogFailure(WriteAheadLog log, IOException e) {
        LOG.error("Writing or syncing write-ahead log {} failed; the metastore stops accepting commits", log.file(), e);
        failureCode = FdbErrors.IO_ERROR;
    }

    /** Publishes one durable batch, or fails it if the log failed. Log-sync or publish thread, in version order. */
    @Override
    public void publish(CommitBatch d) {
        try {
            publishDurable(d);
        } catch (RuntimeException e) {
            LOG.error("Publishing commit batch {} failed; the metastore stops accepting commits", d.version(), e);
            failureCode = FdbErrors.INTERNAL_ERROR;
            for (CommitRequest r : d.accepted()) {
                r.done.completeExceptionally(FdbErrors.error(FdbErrors.COMMIT_UNKNOWN_RESULT));
            }
        }
    }

    private void publishDurable(CommitBatch d) {
        if (d.close() || d.stop()) {
            return;
        }
        if (failureCode != 0) {
            for (CommitRequest r : d.accepted()) {
                fail(r, FdbErrors.error(FdbErrors.COMMIT_UNKNOWN_RESULT));
            }
            for (CommitRequest r : d.watchOnly()) {
                fail(r, FdbErrors.error(failureCode));
            }
            return;
        }
        long version = d.version();
        if (version > 0) {
            committedVersion = version;
            committedCount += d.accepted().size();
            batchCount++;
            List<byte[]> changed = d.changedKeys();
            for (int i = 0; i < changed.size(); i += 2) {
                byte[] end = changed.get(i + 1);
                if (end == null) {
                    byte[] key = changed.get(i);
                    if (watches.watching(key)) { // the value is read only for a watched key
                        watches.onValue(key, store.get(key, version));
                    }
                } else {
                    watches.onClearRange(changed.get(i), end, store, version);
                }
            }
            for (CommitRequest r : d.accepted()) {
                for (WatchRegistry.Watch w : r.watches) {
                    watches.register(w, store.get(w.key, version));
                }
            }
            succeedAll(d.accepted(), version);
        }
        long published = committedVersion;
        for (CommitRequest r : d.watchOnly()) {
            for (WatchRegistry.Watch w : r.watches) {
                watches.register(w, store.get(w.key, published));
            }
            succeed(r, -1L);
        }
    }

    private static void succeed(CommitRequest r, long version) {
        try {
            r.executor.execute(() -> r.done.complete(version));
        } catch (RuntimeException rejected) {
            r.done.complete(version);
        }
    }

    /**
     * Completes the futures of a batch on their executors: one task per run of requests sharing an executor, so a
     * batch of 64 costs one hand-off, not 64.
     */
    private static void succeedAll(List<CommitRequest> requests, long version) {
        boolean anyHandOff = false;
        for (CommitRequest r : requests) {
            if (r.direct) {
                r.done.complete(version);
            } else {
                anyHandOff = true;
            }
        }
        if (!anyHandOff) {
            return;
        }
        int start = 0;
        while (start < requests.size()) {
            if (requests.get(start).direct) {
                start++;
                continue;
            }
            Executor ex = requests.get(start).executor;
            int end = start + 1;
            while (end < requests.size() && requests.get(end).executor == ex && !requests.get(end).direct) {
                end++;
            }
            CommitRequest[] run = requests.subList(start, end).toArray(new CommitRequest[0]);
            Runnable complete = () -> {
                for (CommitRequest r : run) {
                    r.done.complete(version);
                }
            };
            try {
                ex.execute(complete);
            } catch (RuntimeException rejected) {
                complete.run();
            }
            start = end;
        }
    }

    /** Completes on the transaction's executor, so that callers' continuations never run on this thread. */
    private static void fail(CommitRequest r, RuntimeException e) {
        if (r.direct) {
            r.done.completeExceptionally(e);
            return;
        }
        try {
            r.executor.execute(() -> r.done.completeExceptionally(e));
        } catch (RuntimeException rejected) {
            r.done.completeExceptionally(e);
        }
    }

    private void apply(CommitRequest r, long version, byte[] stamp, boolean trackChanges) {
        for (CommitRequest.Op op : r.ops) {
            byte[] key = op.key();
            switch (op.type()) {
                case CommitRequest.OP_SET -> set(key, op.param(), version, trackChanges);
                case CommitRequest.OP_CLEAR -> set(key, null, version, trackChanges);
                case CommitRequest.OP_CLEAR_RANGE -> {
                    store.clearRange(key, op.param(), version, null);
                    encoder.clearRange(key, op.param());
                    if (trackChanges) {
                        changedKeys.add(key);
                        changedKeys.add(op.param());
                    }
                }
                case Mutations.SET_VERSIONSTAMPED_KEY -> {
                    byte[] k = Mutations.fillStamp(key, stamp);
                    resolver.addPointWrite(k, version);
                    set(k, op.param(), version, trackChanges);
                }
                case Mutations.SET_VERSIONSTAMPED_VALUE -> set(key, Mutations.fillStamp(op.param(), stamp), version,
                        trackChanges);
                default -> {
                    MvccStore.Versions versions = store.versions(key);
                    write(key, versions, Mutations.apply(op.type(), MvccStore.latest(versions), op.param()),
                            version, trackChanges);
                }
            }
        }
    }

    private void set(byte[] key, byte[] value, long version, boolean trackChanges) {
        // a clear needs the current value; a set finds or inserts the key's entry in one search (put)
        write(key, value == null ? store.versions(key) : null, value, version, trackChanges);
    }

    /**
     * Writes {@code value} (null clears) at {@code version}. {@code versions} is the key's entry when the caller
     * already searched for it (null otherwise, or when there is none), so that no write searches the map twice.
     */
    private void write(byte[] key, MvccStore.Versions versions, byte[] value, long version, boolean trackChanges) {
        if (value == null) {
            if (MvccStore.latest(versions) == null) {
                return;
            }
            store.put(key, versions, null, version);
            encoder.clearRange(key, Keys.keyAfter(key));
        } else {
            if (versions != null) {
                store.put(key, versions, value, version);
            } else {
                store.put(key, value, version);
            }
            encoder.set(key, value);
        }
        if (trackChanges) {
            changedKeys.add(key);
            changedKeys.add(null);
        }
    }

    /** Advances the prune horizon to the version that was current {@link #PRUNE_LAG_NS} ago, and prunes. */
    private void maintenance() {
        long now = clock.getAsLong();
        if (now - lastMaintenanceNs < MAINTENANCE_INTERVAL_NS && running) {
            store.prune(Math.min(horizon, pinnedVersion), 256);
            return;
        }
        lastMaintenanceNs = now;
        samples.addLast(new long[]{now, committedVersion});
        long h = horizon;
        while (!samples.isEmpty() && now - samples.peekFirst()[0] >= PRUNE_LAG_NS) {
            h = Math.max(h, samples.pollFirst()[1]);
        }
        if (h > horizon) {
            horizon = h;
            resolver.prune(h);
        }
        store.prune(Math.min(horizon, pinnedVersion), 1 << 16);
    }

    /** Rolls the log and writes a checkpoint of the current version on the checkpoint thread. */
    private void startCheckpoint() {
        long version = lastVersion;
        WriteAheadLog old = wal;
        try {
            wal = WriteAheadLog.create(dir, version + 1);
            walBytes = wal.position();
            syncer.submit(CommitBatch.closeLog(old));
        } catch (IOException e) {
            LOG.warn("Could not roll the write-ahead log; checkpoint postponed", e);
            return;
        }
        pinnedVersion = version;
        checkpointRunning = true;
        Path current = wal.file();
        checkpointer.execute(() -> {
            try {
                writeCheckpoint(dir, store, version, current);
            } catch (IOException | RuntimeException e) {
                LOG.error("Checkpoint at version {} failed; the log is kept", version, e);
            } finally {
                pinnedVersion = Long.MAX_VALUE;
                checkpointRunning = false;
            }
        });
    }

    /** Writes a checkpoint at {@code version}, then deletes older checkpoints and log files before {@code keep}. */
    static void writeCheckpoint(Path dir, MvccStore store, long version, Path keep) throws IOException {
        long start = System.nanoTime();
        Path published = CheckpointFile.write(dir, store, version);
        for (Path p : Recovery.list(dir, "checkpoint-", ".ckpt")) {
            if (!p.equals(published)) {
                Files.deleteIfExists(p);
            }
        }
        for (Path p : Recovery.list(dir, "wal-", ".log")) {
            if (keep == null || p.getFileName().toString().compareTo(keep.getFileName().toString()) < 0) {
                Files.deleteIfExists(p);
            }
        }
        LOG.info("Checkpoint {} written in {} ms", published.getFileName(), (System.nanoTime() - start) / 1_000_000);
    }

    void abandonLog() throws IOException {
        wal.close();
    }

    /** Final checkpoint on a clean shutdown. Call after {@link #shutdown()}. */
    void closeLog() throws IOException {
        boolean dirty = wal.position() > WalDescriptor.HEADER_BYTES;
        wal.close();
        if (dirty && failureCode == 0) {
            writeCheckpoint(dir, store, committedVersion, null);
        }
    }
}
