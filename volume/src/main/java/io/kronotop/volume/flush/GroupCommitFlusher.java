package io.kronotop.volume.flush;

import io.kronotop.volume.EntryLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Group commit: appends from any thread are queued; the flusher thread takes a batch (bounded by
 * {@link FlushLimits}) and copies it into the segment through a {@link BatchSink}; then every batch written since
 * the last sync is synced with one {@code fdatasync}, the {@link DurabilityListener} is told, and each append's
 * future is completed with its {@link EntryLocation} when the stage the listener returned completes. When appends
 * wait to be written, the sync thread syncs while the flusher thread already writes the next batches, so copying
 * bytes into the page cache overlaps the disk's flush instead of waiting for it. When none waits, no sync is under
 * way and the batch is small, the flusher thread syncs it itself: waking the sync thread would only add a thread
 * hand-off.
 *
 * <p>Threads: {@link #submit} from any thread; the duty cycle {@link #doWork()} on the flusher thread, syncs and
 * completions on the sync thread ({@code <flusher name>-sync}) or the flusher thread, one round at a time. In tests
 * without threads, {@link #doWork()} runs on the test thread with a fake clock and syncs and completes each batch
 * itself.
 *
 * <p>Failure is final: after a write or sync fails, every batch not yet synced, every queued append and every later
 * append fail with that error, because after a failed sync the kernel may have dropped dirty pages and nothing
 * written since the last good sync can be trusted. Reopening the store recovers from the last valid entry.
 *
 * <p>Futures complete on the thread that completes the listener's stage (the syncing thread with
 * {@link DurabilityListener#NONE}): dependent stages must not block.
 */
public final class GroupCommitFlusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitFlusher.class);

    private final BatchSink sink;
    private final FlushLimits limits;
    private final LongSupplier nanoClock;
    private final DurabilityListener listener;
    private final Queue<PendingAppend> queue = new ConcurrentLinkedQueue<>();
    /** Written batches waiting for the sync thread, oldest first. */
    private final Queue<WrittenBatch> written = new ConcurrentLinkedQueue<>();
    private final PendingAppend[] batch;
    private int batchSize;
    private long batchBytes;
    private long batchStartNs;

    private volatile Throwable failure;
    private volatile boolean closing;
    private volatile boolean closed;
    private volatile EntryLocation durableUpTo;
    private volatile long batchesSynced;
    private volatile long entriesSynced;
    private Thread thread;
    private Thread syncThread;
    private volatile boolean writerDone;
    /** Held by whichever thread is syncing a round: the sync thread, or the flusher thread when the other is idle. */
    private final AtomicBoolean syncing = new AtomicBoolean();
    /**
     * Largest batch the flusher thread syncs itself. Under a heavy load of large appends (64 appenders of 64 KiB,
     * batches of about 1.6 MB) copying the next batches while the sync thread syncs is worth more than the hand-off:
     * with every batch synced on the flusher thread the volume made 0.58x the raw log's appends against 0.67x
     * ({@code bin/perf volume}). Small batches mean few appends per sync, where the hand-off is a good part of what an
     * append waits beyond its sync.
     */
    static final long INLINE_SYNC_MAX_BYTES = 16 * 1024;
    /** The flusher thread's round, reused. */
    private final List<WrittenBatch> flusherRound = new ArrayList<>();

    public GroupCommitFlusher(BatchSink sink, FlushLimits limits, LongSupplier nanoClock,
                              DurabilityListener listener) {
        this.sink = sink;
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.listener = listener;
        this.batch = new PendingAppend[limits.maxEntries()];
    }

    /** Starts the flusher thread from {@code factory} (which names it, e.g. {@code volume-flush-bucket-shard-0}). */
    public void start(ThreadFactory factory) {
        syncThread = factory.newThread(this::syncLoop);
        syncThread.setName(syncThread.getName() + "-sync");
        thread = factory.newThread(this::run);
        syncThread.start();
        thread.start();
    }

    /**
     * Queues an append; any thread. The payload is read by the flusher thread at some point before the future
     * completes, so the caller must keep it valid and unchanged until then.
     *
     * @param recordBytes bytes the entry takes in the segment, for the batch byte bound
     * @return completes with the location once the entry is durable, or exceptionally
     */
    public CompletableFuture<EntryLocation> submit(long prefix, MemorySegment payload, long recordBytes) {
        return submit(prefix, payload, recordBytes, null);
    }

    /**
     * Like {@link #submit(long, MemorySegment, long)}, with an object handed to the
     * {@link DurabilityListener#onDurable(List, List)} next to the entry's location (the metadata layer's pending
     * operation).
     */
    public CompletableFuture<EntryLocation> submit(long prefix, MemorySegment payload, long recordBytes,
                                                   Object attachment) {
        CompletableFuture<EntryLocation> future = new CompletableFuture<>();
        Throwable failed = failure;
        if (failed != null) {
            future.completeExceptionally(failed);
            return future;
        }
        if (closing) {
            future.completeExceptionally(new IllegalStateException("volume is closed"));
            return future;
        }
        queue.offer(new PendingAppend(prefix, payload, recordBytes, attachment, future));
        if (closed) {
            failQueued(new IllegalStateException("volume is closed"));
        }
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
        return future;
    }

    /**
     * One duty cycle: fill the batch from the queue; if it is full, or its time window has passed, or the flusher
     * is closing, write it and hand it to the sync thread (without one, in tests: sync it and complete it here).
     *
     * @return entries completed (successfully or not); 0 when there was nothing to do yet
     */
    public int doWork() {
        Throwable failed = failure;
        if (failed != null) {
            // the sync thread may have failed while a partial batch lingered here
            int held = batchSize;
            for (int i = 0; i < held; i++) {
                batch[i].future.completeExceptionally(failed);
                batch[i] = null;
            }
            resetBatch();
            return held + failQueued(failed);
        }
        long nowNs = nanoClock.getAsLong();
        while (batchSize < batch.length) {
            PendingAppend next = queue.peek();
            if (next == null || (batchSize > 0 && batchBytes + next.recordBytes > limits.maxBytes())) {
                break;
            }
            queue.poll();
            if (batchSize == 0) {
                batchStartNs = nowNs;
            }
            batch[batchSize++] = next;
            batchBytes += next.recordBytes;
        }
        if (batchSize == 0) {
            return 0;
        }
        boolean full = batchSize == batch.length || batchBytes >= limits.maxBytes() || queue.peek() != null;
        if (!full && !closing && nowNs - batchStartNs < limits.maxDelayNs()) {
            return 0;
        }
        return commitBatch();
    }

    /** Nanoseconds the current partial batch may still wait, 0 if it is due, -1 when there is no batch. */
    long lingerRemainingNs() {
        if (batchSize == 0) {
            return -1;
        }
        return Math.max(0, batchStartNs + limits.maxDelayNs() - nanoClock.getAsLong());
    }

    private int commitBatch() {
        int n = batchSize;
        long bytes = batchBytes;
        EntryLocation[] locations = new EntryLocation[n];
        int count = 0;
        Object syncPoint = null;
        try {
            for (int i = 0; i < n; i++) {
                PendingAppend p = batch[i];
                try {
                    locations[i] = sink.write(p.prefix, p.payload);
                    count++;
                } catch (UnreadablePayloadException e) {
                    p.future.completeExceptionally(e);
                }
            }
            if (count > 0) {
                syncPoint = sink.flush();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("volume flush failed; every pending and later append fails until the volume is reopened", e);
            failure = e;
            for (int i = 0; i < n; i++) {
                batch[i].future.completeExceptionally(e);
                batch[i] = null;
            }
            resetBatch();
            return n + failQueued(e);
        }
        PendingAppend[] appends = new PendingAppend[n];
        System.arraycopy(batch, 0, appends, 0, n);
        for (int i = 0; i < n; i++) {
            batch[i] = null;
        }
        resetBatch();
        if (count == 0) {
            return n;
        }
        WrittenBatch w = new WrittenBatch(appends, locations, count, syncPoint);
        Thread syncer = syncThread;
        if (syncer == null) {
            return n + syncRound(List.of(w));
        }
        written.offer(w);
        if (bytes < INLINE_SYNC_MAX_BYTES && queue.isEmpty() && syncing.compareAndSet(false, true)) {
            // A small batch, nothing waiting to be written, no sync under way: sync here rather than wake the sync
            // thread, whose wake-up would add a thread hand-off (on a busy machine 0.1-0.2 ms) to every
            // acknowledgement. Appends arriving meanwhile wait for this sync, as they would wait for the sync
            // thread's; only their copy into the page cache no longer overlaps it, which matters for large batches.
            try {
                return n + syncWritten(flusherRound);
            } finally {
                syncing.set(false);
            }
        }
        LockSupport.unpark(syncer);
        return n;
    }

    /**
     * Syncs every written batch as one round; the caller holds {@link #syncing}, so rounds never overlap and are
     * synced and handed to the listener in the order they were written.
     */
    private int syncWritten(List<WrittenBatch> round) {
        WrittenBatch w;
        while ((w = written.poll()) != null) {
            round.add(w);
        }
        if (round.isEmpty()) {
            return 0;
        }
        try {
            return syncRound(round);
        } finally {
            round.clear();
        }
    }

    /**
     * Sync thread: syncs what the flusher thread has written while a sync was under way, round after round, until
     * the flusher is done.
     */
    private void syncLoop() {
        List<WrittenBatch> round = new ArrayList<>();
        while (true) {
            if (!written.isEmpty() && syncing.compareAndSet(false, true)) {
                try {
                    syncWritten(round);
                } finally {
                    syncing.set(false);
                }
            } else if (writerDone && written.isEmpty()) {
                return;
            } else if (written.isEmpty() || syncing.get()) {
                // nothing to do, or the flusher thread is syncing (it takes whatever is written before it ends)
                LockSupport.park(this);
            }
        }
    }

    /**
     * Syncs up to the last batch of {@code round} with one {@code fdatasync}, then hands the batches to the listener
     * (consecutive batches merged up to {@link FlushLimits#maxEntries()} entries per call) and completes their
     * appends when its stages complete. Fails the whole round if the store has failed or the sync fails.
     *
     * @return how many queued appends were failed with it
     */
    private int syncRound(List<WrittenBatch> round) {
        Throwable failed = failure;
        if (failed == null) {
            try {
                sink.sync(round.getLast().syncPoint);
            } catch (IOException | RuntimeException e) {
                LOG.error("volume sync failed; every pending and later append fails until the volume is reopened",
                    e);
                failure = e;
                failed = e;
            }
        }
        if (failed != null) {
            for (WrittenBatch w : round) {
                for (int i = 0; i < w.appends.length; i++) {
                    if (w.locations[i] != null) {
                        w.appends[i].future.completeExceptionally(failed);
                    }
                }
            }
            return failQueued(failed);
        }
        WrittenBatch lastBatch = round.getLast();
        for (int i = lastBatch.locations.length - 1; i >= 0; i--) {
            if (lastBatch.locations[i] != null) {
                durableUpTo = lastBatch.locations[i];
                break;
            }
        }
        batchesSynced++;
        int from = 0;
        while (from < round.size()) {
            int to = from;
            int entries = 0;
            do {
                entries += round.get(to).count;
                to++;
            } while (to < round.size() && entries + round.get(to).count <= limits.maxEntries());
            complete(List.copyOf(round.subList(from, to)), entries);
            from = to;
        }
        return 0;
    }

    /** Hands {@code batches} ({@code entries} durable entries in all) to the listener as one batch. */
    private void complete(List<WrittenBatch> batches, int entries) {
        EntryLocation[] durable = new EntryLocation[entries];
        Object[] attachments = new Object[entries];
        int j = 0;
        for (WrittenBatch w : batches) {
            for (int i = 0; i < w.appends.length; i++) {
                if (w.locations[i] != null) {
                    durable[j] = w.locations[i];
                    attachments[j++] = w.appends[i].attachment;
                }
            }
        }
        entriesSynced += entries;
        CompletionStage<?> committed;
        try {
            committed = listener.onDurable(List.of(durable), Arrays.asList(attachments));
        } catch (RuntimeException e) {
            committed = CompletableFuture.failedFuture(e);
        }
        committed.whenComplete((ignored, error) -> {
            for (WrittenBatch w : batches) {
                for (int i = 0; i < w.appends.length; i++) {
                    if (w.locations[i] == null) {
                        continue;
                    }
                    if (error == null) {
                        w.appends[i].future.complete(w.locations[i]);
                    } else {
                        w.appends[i].future.completeExceptionally(error);
                    }
                }
            }
        });
    }

    private void resetBatch() {
        batchSize = 0;
        batchBytes = 0;
    }

    private int failQueued(Throwable cause) {
        int n = 0;
        PendingAppend p;
        while ((p = queue.poll()) != null) {
            p.future.completeExceptionally(cause);
            n++;
        }
        return n;
    }

    /** Location of the last entry made durable, or null before the first sync. */
    public EntryLocation durableUpTo() {
        return durableUpTo;
    }

    /** Syncs done so far. */
    public long batchesSynced() {
        return batchesSynced;
    }

    /** Entries made durable so far. */
    public long entriesSynced() {
        return entriesSynced;
    }

    /** The error that stopped the flusher, or null. */
    public Throwable failure() {
        return failure;
    }

    private void run() {
        try {
            write();
        } finally {
            writerDone = true;
            LockSupport.unpark(syncThread);
        }
    }

    private void write() {
        while (true) {
            int done = doWork();
            if (done > 0) {
                continue;
            }
            if (closing && batchSize == 0 && queue.isEmpty()) {
                return;
            }
            long wait = lingerRemainingNs();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            } else if (wait < 0 && queue.isEmpty()) {
                LockSupport.park(this);
            }
        }
    }

    /**
     * Stops taking appends, writes and syncs what is queued, stops the thread. Appends submitted afterwards fail.
     */
    @Override
    public void close() {
        closing = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            boolean interrupted = join(t) | join(syncThread);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } else {
            while (doWork() > 0) {
                // drain on the caller's thread when no flusher thread was started (tests)
            }
        }
        closed = true;
        failQueued(new IllegalStateException("volume is closed"));
    }

    /** Waits for {@code t} to end; returns whether the wait was interrupted. */
    private static boolean join(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    /** A batch written by the flusher thread, waiting for its sync: {@code count} of its appends were written. */
    private record WrittenBatch(PendingAppend[] appends, EntryLocation[] locations, int count, Object syncPoint) {
    }

    /** Queue cell: one append. */
    private record PendingAppend(long prefix, MemorySegment payload, long recordBytes, Object attachment,
                                 CompletableFuture<EntryLocation> future) {
    }
}
