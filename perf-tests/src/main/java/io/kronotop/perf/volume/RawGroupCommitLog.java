package io.kronotop.perf.volume;

import io.kronotop.volume.format.Crc32c;
import io.kronotop.volume.format.EntryDescriptor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The raw baseline: what a careful hand-written log does with the same bytes as the volume. Each appending thread
 * formats its record itself (the volume's 32-byte entry header with the payload's CRC32C, the payload copied after
 * it, zero padding), writes it with one {@code pwrite} at an offset it reserved in one shared, sparse,
 * pre-allocated file, and then waits for a group commit: a writer whose write is not yet covered by a finished
 * {@code fdatasync} either becomes the leader (notes how many writes have completed, syncs, publishes that count)
 * or waits for the sync in flight and checks again. No metadata, no queue, no hand-off to another thread.
 */
final class RawGroupCommitLog implements AppendTarget {
    private static final long PREFIX = 0x0102030405060708L;

    private final FileChannel channel;
    private final long fileBytes;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment[] records;
    private final AtomicLong nextOffset = new AtomicLong();
    private final AtomicLong writesDone = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition synced = lock.newCondition();
    private long syncedUpTo;
    private boolean syncing;
    private volatile long syncs;

    /**
     * Creates {@code file} with a logical size of {@code fileBytes} (sparse, like a volume segment) and one record
     * buffer per thread, each large enough for a record of {@code maxPayloadBytes}.
     */
    RawGroupCommitLog(Path file, long fileBytes, int threads, int maxPayloadBytes) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        this.fileBytes = fileBytes;
        channel.write(ByteBuffer.allocate(1), fileBytes - 1);
        channel.force(true);
        records = new MemorySegment[threads];
        for (int i = 0; i < threads; i++) {
            records[i] = arena.allocate(EntryDescriptor.recordLength(maxPayloadBytes), EntryDescriptor.ALIGNMENT);
        }
    }

    @Override
    public void append(int thread, MemorySegment payload) throws IOException {
        long length = payload.byteSize();
        int recordLength = (int) EntryDescriptor.recordLength(length);
        MemorySegment record = records[thread];
        EntryDescriptor.writeHeader(record, 0, (int) length, PREFIX, 1, Crc32c.of(payload));
        MemorySegment.copy(payload, 0, record, EntryDescriptor.HEADER_LENGTH, length);
        record.asSlice(EntryDescriptor.HEADER_LENGTH + length, recordLength - EntryDescriptor.HEADER_LENGTH - length)
            .fill((byte) 0);
        write(record.asSlice(0, recordLength).asByteBuffer());
        awaitSync(writesDone.incrementAndGet());
        acknowledged.incrementAndGet();
    }

    private void write(ByteBuffer record) throws IOException {
        int length = record.remaining();
        long at = nextOffset.getAndAdd(length) % (fileBytes - length);
        while (record.hasRemaining()) {
            at += channel.write(record, at);
        }
    }

    private void awaitSync(long mine) throws IOException {
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

    @Override
    public long acknowledged() {
        return acknowledged.get();
    }

    @Override
    public long syncs() {
        return syncs;
    }

    /** Bytes reserved so far (the file offset the next record would take, before wrapping). */
    long bytesWritten() {
        return nextOffset.get();
    }

    @Override
    public void close() throws IOException {
        channel.close();
        arena.close();
    }
}
