package io.kronotop.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The raw baseline of {@link VolumeAppendBenchmark}: one pre-allocated file shared by every writer thread, each
 * write at its own reserved offset ({@code pwrite}), made durable either by its own {@code fdatasync}
 * ({@link #appendSyncEach}) or by a leader/follower group commit ({@link #appendGroupCommit}): a writer whose write
 * is not yet covered by a finished sync either becomes the leader (takes the count of completed writes, syncs,
 * publishes the count) or waits for the sync in flight and then checks again. No thread hand-off, no queue: what a
 * careful hand-written log does.
 */
final class RawGroupCommitLog implements AutoCloseable {
    private final FileChannel channel;
    private final long fileBytes;
    private final AtomicLong nextOffset = new AtomicLong();
    private final AtomicLong writesDone = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition synced = lock.newCondition();
    private long syncedUpTo;
    private boolean syncing;
    private long syncs;

    RawGroupCommitLog(Path file, long fileBytes) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        this.fileBytes = fileBytes;
        channel.write(ByteBuffer.allocate(1), fileBytes - 1);
        channel.force(true);
    }

    /** Writes {@code record} (position to limit; left unchanged) and returns once it is durable by a shared sync. */
    void appendGroupCommit(ByteBuffer record) throws IOException {
        write(record);
        long mine = writesDone.incrementAndGet();
        lock.lock();
        try {
            while (syncedUpTo < mine) {
                if (syncing) {
                    synced.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                long covered = writesDone.get();
                lock.unlock();
                boolean ok = false;
                try {
                    channel.force(false);
                    ok = true;
                } finally {
                    lock.lock();
                    syncing = false;
                    if (ok) {
                        syncedUpTo = Math.max(syncedUpTo, covered);
                        syncs++;
                    }
                    synced.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code record} and syncs it on this thread, whatever other writers do. */
    void appendSyncEach(ByteBuffer record) throws IOException {
        write(record);
        writesDone.incrementAndGet();
        channel.force(false);
        lock.lock();
        try {
            syncs++;
        } finally {
            lock.unlock();
        }
    }

    private void write(ByteBuffer record) throws IOException {
        int length = record.remaining();
        long offset = nextOffset.getAndAdd(length) % (fileBytes - length);
        ByteBuffer view = record.duplicate();
        long at = offset;
        while (view.hasRemaining()) {
            at += channel.write(view, at);
        }
    }

    /** Syncs done so far. */
    long syncs() {
        lock.lock();
        try {
            return syncs;
        } finally {
            lock.unlock();
        }
    }

    /** Writes done so far. */
    long writes() {
        return writesDone.get();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
