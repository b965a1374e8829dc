package io.kronotop.metastore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes commit batches durable, then has them published, strictly in version order.
 *
 * <p>The log-sync thread ({@code metastore-log-sync}) takes every batch the commit thread has handed over since its
 * last round, writes their records with one positional write per log file and makes them durable with one
 * {@code fdatasync}. Publication (read version, watches, futures: one wake-up per waiting committer) then runs on
 * the publish thread ({@code metastore-publish}) while the log-sync thread already writes and syncs the next round,
 * so the disk is not idle while waiters are woken. When nothing else waits to be synced, the log-sync thread
 * publishes the round itself, saving a hand-off; and a lone batch, with nothing handed over before it still to be
 * synced, is written, synced and published by the commit thread itself ({@link #syncOrSubmit}), saving the hand-off
 * to the log-sync thread. Every thread publishes only under {@code publishLock}, taking the rounds in the order they
 * were synced, so versions are published in order; nothing is published before its record is durable.
 */
final class LogSyncer {
    private static final Logger LOG = LoggerFactory.getLogger(LogSyncer.class);
    private static final long IDLE_POLL_NS = 100_000_000L;

    /** Publishes one durable batch; failures are reported by the callee. */
    interface Publisher {
        void publish(CommitBatch batch);

        /** Whether the log has failed: batches are then published as failed and nothing more is written. */
        boolean failed();

        void onLogFailure(WriteAheadLog wal, IOException e);

        /** A sync has ended: the commit thread may want to hand over what arrived meanwhile. */
        void onSynced();

        /** Whether transactions wait for the commit thread, i.e. another round to sync is coming. */
        boolean hasQueuedRequests();
    }

    private final Publisher publisher;
    private final LinkedBlockingQueue<CommitBatch> toSync = new LinkedBlockingQueue<>();
    /** Synced rounds waiting for the publish thread, oldest first. Added by the log-sync thread only. */
    private final ConcurrentLinkedQueue<List<CommitBatch>> synced = new ConcurrentLinkedQueue<>();
    private final ReentrantLock publishLock = new ReentrantLock();
    private final Thread syncThread;
    private final Thread publishThread;
    private volatile boolean publishStop;
    /**
     * The log-sync thread's, or the commit thread's while it syncs a lone batch (the log-sync thread then has no
     * batch, see {@link #syncOrSubmit}); never both at once.
     */
    private ByteBuffer out = ByteBuffer.allocateDirect(1 << 16);
    private volatile long syncCount;
    private volatile long inlineSyncCount;
    private volatile boolean syncing;
    /** Batches handed to the log-sync thread and not yet synced and queued for publication (or published). */
    private final AtomicInteger unsynced = new AtomicInteger();

    LogSyncer(Publisher publisher) {
        this.publisher = publisher;
        this.syncThread = daemon(this::syncLoop, "metastore-log-sync");
        this.publishThread = daemon(this::publishLoop, "metastore-publish");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        syncThread.start();
        publishThread.start();
    }

    /** Hands a batch over, in version order. Commit thread only. */
    void submit(CommitBatch batch) {
        unsynced.incrementAndGet();
        toSync.add(batch);
    }

    /**
     * Writes, syncs and publishes {@code batch} on the calling thread, the commit thread, when it is alone: no other
     * transaction waits for the commit thread (which would otherwise resolve it while the log-sync thread syncs) and
     * nothing handed over before it is still to be synced; otherwise hands it over as {@link #submit} does. Saves the
     * log-sync thread's wake-up (on a busy machine 0.1-0.2 ms) for a commit that would have been synced alone.
     * Commit thread only: it is the only one that hands batches over, so while it syncs here no newer batch can
     * reach the log-sync thread, and an older one cannot be waiting when {@code unsynced} is 0.
     */
    void syncOrSubmit(CommitBatch batch) {
        if (batch.close() || batch.stop() || unsynced.get() != 0 || publisher.hasQueuedRequests()) {
            submit(batch);
            return;
        }
        List<CommitBatch> round = List.of(batch);
        inlineSyncCount++;
        syncing = true;
        try {
            writeAndSync(round);
        } finally {
            syncing = false;
        }
        publishAfterEarlier(round);
    }

    /** Publishes every round synced before {@code round}, then {@code round}, under {@code publishLock}. */
    private void publishAfterEarlier(List<CommitBatch> round) {
        publishLock.lock();
        try {
            publishSynced();
            publishRound(round);
        } finally {
            publishLock.unlock();
        }
    }

    /** Waits for both threads to end; call after submitting the stop marker. */
    void join() throws InterruptedException {
        syncThread.join();
        publishThread.join();
    }

    /** Whether a round is being written and synced (by the log-sync thread, or by the commit thread). */
    boolean syncing() {
        return syncing;
    }

    /** Rounds synced by the commit thread ({@link #syncOrSubmit}); counted in {@link #syncCount} too. */
    long inlineSyncCount() {
        return inlineSyncCount;
    }

    /** Number of {@code fdatasync} calls on log files. */
    long syncCount() {
        return syncCount;
    }

    private void syncLoop() {
        while (true) {
            CommitBatch first;
            try {
                first = toSync.poll(IDLE_POLL_NS, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                continue;
            }
            List<CommitBatch> round = new ArrayList<>();
            round.add(first);
            toSync.drainTo(round);
            boolean stop;
            syncing = true;
            try {
                stop = writeAndSync(round);
            } finally {
                syncing = false;
                publisher.onSynced();
            }
            if (stop) {
                publishAfterEarlier(round);
                publishStop = true;
                LockSupport.unpark(publishThread);
                return;
            }
            if (toSync.isEmpty() && !publisher.hasQueuedRequests() && publishLock.tryLock()) {
                try {
                    publishSynced();
                    publishRound(round);
                } finally {
                    publishLock.unlock();
                }
                unsynced.addAndGet(-round.size());
            } else {
                synced.add(round);
                unsynced.addAndGet(-round.size());
                LockSupport.unpark(publishThread);
            }
        }
    }

    /**
     * Writes the records of {@code round}, one positional write per run of batches of the same log file, and syncs
     * each such file once; closes a file whose close marker is in the round once it is synced.
     *
     * @return whether the round holds the end marker
     */
    private boolean writeAndSync(List<CommitBatch> round) {
        boolean stop = false;
        int i = 0;
        while (i < round.size()) {
            WriteAheadLog wal = round.get(i).wal();
            boolean close = false;
            out.clear();
            int j = i;
            for (; j < round.size() && round.get(j).wal() == wal; j++) {
                CommitBatch b = round.get(j);
                stop |= b.stop();
                close |= b.close();
                if (b.record() != null) {
                    append(b.record());
                }
            }
            out.flip();
            if (!publisher.failed() && (out.hasRemaining() || close)) {
                try {
                    if (out.hasRemaining()) {
                        wal.append(out);
                    }
                    wal.sync();
                    syncCount++;
                } catch (IOException e) {
                    publisher.onLogFailure(wal, e);
                }
            }
            if (close) {
                try {
                    wal.close();
                } catch (IOException e) {
                    LOG.warn("Could not close write-ahead log {}", wal.file(), e);
                }
            }
            i = j;
        }
        return stop;
    }

    private void append(byte[] record) {
        if (out.remaining() < record.length) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(out.capacity() * 2, out.position() + record.length));
            out.flip();
            bigger.put(out);
            out = bigger;
        }
        out.put(record);
    }

    private void publishLoop() {
        while (true) {
            if (synced.isEmpty()) {
                if (publishStop && synced.isEmpty()) {
                    return;
                }
                LockSupport.parkNanos(this, IDLE_POLL_NS);
                continue;
            }
            publishLock.lock();
            try {
                publishSynced();
            } finally {
                publishLock.unlock();
            }
        }
    }

    /** Under {@code publishLock}. */
    private void publishSynced() {
        List<CommitBatch> round;
        while ((round = synced.poll()) != null) {
            publishRound(round);
        }
    }

    /** Under {@code publishLock}. */
    private void publishRound(List<CommitBatch> round) {
        for (CommitBatch b : round) {
            publisher.publish(b);
        }
    }
}
