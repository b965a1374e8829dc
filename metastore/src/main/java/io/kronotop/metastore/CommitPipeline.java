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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The commit thread ({@code metastore-commit}): owns the resolver, every write to the store, the write-ahead log
 * and the prune horizon. Each loop drains all waiting transactions into one batch sharing one commit version
 * (versionstamp batch index = position in the batch), resolves and applies them in order, writes one log record
 * and syncs it once, then publishes the version and completes the futures. Concurrent committers thus share a
 * single {@code fdatasync} (group commit).
 */
final class CommitPipeline implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CommitPipeline.class);
    static final long WINDOW_NS = 5_000_000_000L;
    static final long PRUNE_LAG_NS = 6_000_000_000L;
    private static final long MAINTENANCE_INTERVAL_NS = 100_000_000L;
    private static final int MAX_BATCH = 8192;

    private final Path dir;
    private final MvccStore store;
    private final ConflictResolver resolver = new ConflictResolver();
    private final WatchRegistry watches;
    private final LongSupplier clock;
    private final long memoryLimitBytes;
    private final long checkpointLogBytes;
    private final LinkedBlockingQueue<CommitRequest> queue = new LinkedBlockingQueue<>();
    private final WalDescriptor.Encoder encoder = new WalDescriptor.Encoder();
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private final ExecutorService checkpointer;
    private final Thread thread;
    private final Thread syncer;
    /** Batches written to the log and waiting for their sync, in version order. Commit thread to sync thread. */
    private final LinkedBlockingQueue<Durable> toSync = new LinkedBlockingQueue<>();
    private final long baseVersion;
    private final long baseNs;

    private WriteAheadLog wal;
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

    /**
     * A batch written to {@code wal} but not yet synced ({@code version > 0}), watch registrations of read-only
     * transactions ({@code version == -1}), a log file to close once synced ({@code close}), or the end marker.
     */
    private record Durable(long version, List<CommitRequest> accepted, List<CommitRequest> watchOnly,
                           List<byte[]> changedKeys, WriteAheadLog wal, boolean close, boolean stop) {
    }
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
        this.memoryLimitBytes = memoryLimitBytes;
        this.checkpointLogBytes = checkpointLogBytes;
        this.checkpointer = Executors.newSingleThreadExecutor(r -> daemon(r, "metastore-checkpoint"));
        this.thread = daemon(this, "metastore-commit");
        this.syncer = daemon(this::syncLoop, "metastore-log-sync");
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

    /** Counters as JSON members: commits, conflicts, too-old rejections, batches (= log syncs). */
    String countersJson() {
        return "\"Commits\":" + committedCount + ",\"Conflicts\":" + conflictCount + ",\"TooOld\":" + tooOldCount
                + ",\"Batches\":" + batchCount + ",\"Horizon\":" + horizon;
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
        if (!running) {
            drainRejected();
        }
    }

    private void drainRejected() {
        CommitRequest r;
        while ((r = queue.poll()) != null) {
            r.done.completeExceptionally(FdbErrors.error(FdbErrors.SHUTDOWN_IN_PROGRESS));
        }
    }

    /** Stops accepting commits, finishes the queued ones and joins the thread. */
    void shutdown() throws InterruptedException {
        running = false;
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
            CommitRequest first;
            try {
                first = running ? queue.poll(MAINTENANCE_INTERVAL_NS, TimeUnit.NANOSECONDS) : queue.poll();
            } catch (InterruptedException e) {
                if (running) {
                    continue;
                }
                first = queue.poll();
            }
            maintenance();
            if (first == null) {
                if (!running) {
                    toSync.add(new Durable(0, List.of(), List.of(), List.of(), wal, false, true));
                    return;
                }
                continue;
            }
            batch.clear();
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
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
                toSync.add(new Durable(-1, List.of(), List.copyOf(watchOnly), List.of(), wal, false, false));
            }
            return;
        }
        lastVersion = version;
        try {
            if (!encoder.isEmpty()) {
                wal.append(encoder.finish());
            }
        } catch (IOException e) {
            LOG.error("Write-ahead log {} failed; the metastore stops accepting commits", wal.file(), e);
            failureCode = FdbErrors.IO_ERROR;
            for (CommitRequest r : accepted) {
                fail(r, FdbErrors.error(FdbErrors.COMMIT_UNKNOWN_RESULT));
            }
            return;
        }
        toSync.add(new Durable(version, List.copyOf(accepted), List.copyOf(watchOnly),
                trackChanges ? new ArrayList<>(changedKeys) : List.of(), wal, false, false));
        // A checkpoint rewrites all live data, so wait until the log is at least that large too: the write
        // amplification stays below 2x, and recovery replays at most about the data's size.
        if (wal.position() > Math.max(checkpointLogBytes, store.liveKeyValueBytes()) && !checkpointRunning) {
            startCheckpoint();
        }
    }

    /**
     * The sync thread ({@code metastore-log-sync}): one {@code fdatasync} covers every batch written before it
     * started, then those batches are published in version order (read version, watches, futures). The commit
     * thread keeps resolving and writing the next batches meanwhile, so batches grow to whatever arrives during a
     * sync.
     */
    private void syncLoop() {
        List<Durable> work = new ArrayList<>();
        while (true) {
            Durable first;
            try {
                first = toSync.poll(MAINTENANCE_INTERVAL_NS, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                continue;
            }
            work.clear();
            work.add(first);
            toSync.drainTo(work);
            boolean stop = false;
            WriteAheadLog synced = null;
            for (Durable d : work) {
                stop |= d.stop();
                if (failureCode == 0 && (d.version() > 0 || d.close()) && d.wal() != synced) {
                    try {
                        d.wal().sync();
                        synced = d.wal();
                    } catch (IOException e) {
                        LOG.error("Syncing write-ahead log {} failed; the metastore stops accepting commits",
                                d.wal().file(), e);
                        failureCode = FdbErrors.IO_ERROR;
                    }
                }
            }
            for (Durable d : work) {
                try {
                    publish(d);
                } catch (RuntimeException e) {
                    LOG.error("Publishing commit batch {} failed; the metastore stops accepting commits",
                            d.version(), e);
                    failureCode = FdbErrors.INTERNAL_ERROR;
                    for (CommitRequest r : d.accepted()) {
                        r.done.completeExceptionally(FdbErrors.error(FdbErrors.COMMIT_UNKNOWN_RESULT));
                    }
                }
            }
            if (stop) {
                return;
            }
        }
    }

    private void publish(Durable d) {
        if (d.close()) {
            try {
                d.wal().close();
            } catch (IOException e) {
                LOG.warn("Could not close write-ahead log {}", d.wal().file(), e);
            }
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
                    watches.onValue(changed.get(i), store.get(changed.get(i), version));
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
                    resolver.addWrite(k, Keys.keyAfter(k), version);
                    set(k, op.param(), version, trackChanges);
                }
                case Mutations.SET_VERSIONSTAMPED_VALUE -> set(key, Mutations.fillStamp(op.param(), stamp), version,
                        trackChanges);
                default -> set(key, Mutations.apply(op.type(), store.latest(key), op.param()), version, trackChanges);
            }
        }
    }

    private void set(byte[] key, byte[] value, long version, boolean trackChanges) {
        if (value == null) {
            if (store.latest(key) == null) {
                return;
            }
            store.put(key, null, version);
            encoder.clearRange(key, Keys.keyAfter(key));
        } else {
            store.put(key, value, version);
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
            toSync.add(new Durable(0, List.of(), List.of(), List.of(), old, true, false));
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
