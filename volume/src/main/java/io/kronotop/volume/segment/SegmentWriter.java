package io.kronotop.volume.segment;

import io.kronotop.volume.EntryLocation;
import io.kronotop.volume.flush.BatchSink;
import io.kronotop.volume.flush.UnreadablePayloadException;
import io.kronotop.volume.format.Crc32c;
import io.kronotop.volume.format.EntryDescriptor;
import io.kronotop.volume.format.SegmentFileDescriptor;
import io.kronotop.volume.format.SegmentHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Appends entries to the writable segment with positional {@link FileChannel} writes, and rolls over to a new
 * segment when an entry does not fit (an entry is never split). Small entries are gathered in a staging buffer so
 * a batch costs few {@code pwrite} calls; entries larger than the buffer are written straight from the caller's
 * memory.
 *
 * <p>Flusher thread only (or the single thread that owns it in tests), except {@link #sync(Object)}, which the
 * flusher's sync thread calls while the flusher thread writes on.
 *
 * <p>A resumed segment may hold, past its valid entries, bytes a crash left behind (a batch written but never
 * synced). While the segment is the last one, opening the volume stops at them; before a roll-over seals it, the
 * writer overwrites its tail with zeros, so a sealed segment always ends cleanly and verification reports no damage
 * that is not there.
 *
 * <p>Every entry carries the writer's epoch. A writer that resumes an existing segment first records a new, higher
 * epoch in the segment header and syncs it, so bytes an earlier writer left unsynced past the end of valid data
 * can never pass for entries of this writer (see {@link io.kronotop.volume.format.SegmentScanner}).
 */
public final class SegmentWriter implements BatchSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentWriter.class);
    private static final Set<StandardOpenOption> WRITE_OPTIONS =
        Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE);
    static final int STAGING_BYTES = 1 << 20;
    /** Zeros kept written ahead of the entries, written this many bytes at a time ({@link #zeroAhead}). */
    static final int ZERO_AHEAD_BYTES = 1 << 20;
    /**
     * Batches larger than this write no zeros ahead ({@link #zeroAhead}): their sync spends little on the new
     * blocks' allocation next to the bytes it writes, while zeros written ahead of every batch double the bytes
     * written (64 KiB appends from 64 threads made 0.45x the appends of a raw log with them, 0.74x without).
     */
    static final long ZERO_AHEAD_MAX_BATCH_BYTES = 32 << 10;

    private final Path segmentsDir;
    private final String volumeName;
    private final long volumeId;
    private final long newSegmentSizeBytes;
    private final ChannelFactory channels;
    private final LongSupplier clockMs;
    private final Consumer<Segment> onNewSegment;
    private final long epoch;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment staging;
    private final MemorySegment scratch;
    /** Orders syncs (sync thread) against roll-overs (flusher thread), which close the channel a sync uses. */
    private final ReentrantLock syncLock = new ReentrantLock();
    private volatile Segment current;
    /** The segment this writer resumed, whose tail may hold a crash's leftovers; null when it started a new one. */
    private Segment resumed;
    private FileChannel channel;
    private long position;
    /** This writer has written the current segment (entries or zeros) up to here. */
    private long zeroedEnd;
    /** {@link #position} at the last {@link #flush}: where the batch being flushed began. */
    private long batchStart;
    /** Writing zeros ahead failed (a full disk, say): the rest of the current segment is written sparse. */
    private boolean zeroingOff;
    private long stagingFilePosition;
    private int stagingUsed;

    private SegmentWriter(Path segmentsDir, String volumeName, long volumeId, long newSegmentSizeBytes,
                          ChannelFactory channels, LongSupplier clockMs, Consumer<Segment> onNewSegment, long epoch) {
        this.segmentsDir = segmentsDir;
        this.volumeName = volumeName;
        this.volumeId = volumeId;
        this.newSegmentSizeBytes = newSegmentSizeBytes;
        this.channels = channels;
        this.clockMs = clockMs;
        this.onNewSegment = onNewSegment;
        this.epoch = epoch;
        this.staging = arena.allocate(Math.min(STAGING_BYTES, newSegmentSizeBytes), EntryDescriptor.ALIGNMENT);
        this.scratch = arena.allocate(Math.max(EntryDescriptor.HEADER_LENGTH, SegmentFileDescriptor.EPOCH_SLOT_LENGTH),
            EntryDescriptor.ALIGNMENT);
    }

    /**
     * A writer continuing {@code last} at its {@link Segment#end()}: records {@code epoch} in the segment header's
     * older epoch slot and syncs it before returning.
     *
     * @param epoch higher than any epoch in any segment of the volume
     */
    public static SegmentWriter resume(Segment last, long epoch, String volumeName, long volumeId,
                                       long newSegmentSizeBytes, ChannelFactory channels, LongSupplier clockMs,
                                       Consumer<Segment> onNewSegment) throws IOException {
        SegmentWriter writer = new SegmentWriter(last.path().getParent(), volumeName, volumeId, newSegmentSizeBytes,
            channels, clockMs, onNewSegment, epoch);
        try {
            writer.attach(last);
            writer.resumed = last;
            int slot = SegmentFileDescriptor.slotToReplace(last.mapping());
            SegmentFileDescriptor.writeEpochSlot(writer.scratch, epoch);
            SegmentFiles.writeFully(writer.channel,
                writer.scratch.asSlice(0, SegmentFileDescriptor.EPOCH_SLOT_LENGTH).asByteBuffer(),
                SegmentFileDescriptor.epochSlotOffset(slot));
            writer.channel.force(false);
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    /** A writer for a new, empty volume: creates segment {@code firstId} with {@code epoch} as its first epoch. */
    public static SegmentWriter createFirst(Path segmentsDir, long firstId, long epoch, String volumeName,
                                            long volumeId, long segmentSizeBytes, ChannelFactory channels,
                                            LongSupplier clockMs, Consumer<Segment> onNewSegment)
        throws IOException {
        SegmentWriter writer = new SegmentWriter(segmentsDir, volumeName, volumeId, segmentSizeBytes, channels,
            clockMs, onNewSegment, epoch);
        try {
            writer.attach(writer.createSegment(firstId));
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    private Segment createSegment(long id) throws IOException {
        SegmentHeader header = new SegmentHeader(SegmentFileDescriptor.CURRENT_VERSION, volumeName, volumeId, id,
            newSegmentSizeBytes, clockMs.getAsLong(), epoch);
        Path path = SegmentFiles.create(segmentsDir, header, channels);
        Segment segment = Segment.open(path, id);
        LOG.info("volume {}: created segment {} ({} bytes)", volumeName, path, newSegmentSizeBytes);
        onNewSegment.accept(segment);
        return segment;
    }

    private void attach(Segment segment) throws IOException {
        channel = channels.open(segment.path(), WRITE_OPTIONS);
        current = segment;
        position = segment.end();
        zeroedEnd = position;
        batchStart = position;
        zeroingOff = false;
        segment.writable(true);
    }

    @Override
    public EntryLocation write(long prefix, MemorySegment payload) throws IOException {
        long length = payload.byteSize();
        long record = EntryDescriptor.recordLength(length);
        int crc;
        try {
            crc = Crc32c.of(payload);
        } catch (IllegalStateException | WrongThreadException e) {
            throw new UnreadablePayloadException(e);
        }
        if (position + record > current.header().segmentSizeBytes()) {
            rollOver();
            if (position + record > current.header().segmentSizeBytes()) {
                throw new IOException("an entry of " + length + " bytes does not fit in an empty segment");
            }
        }
        long offset = position;
        if (stagingUsed > 0 && stagingUsed + record > staging.byteSize()) {
            flushStaging();
        }
        int padding = (int) (record - EntryDescriptor.HEADER_LENGTH - length);
        if (record <= staging.byteSize()) {
            if (stagingUsed == 0) {
                stagingFilePosition = offset;
            }
            EntryDescriptor.writeHeader(staging, stagingUsed, (int) length, prefix, epoch, crc);
            MemorySegment.copy(payload, 0, staging, stagingUsed + EntryDescriptor.HEADER_LENGTH, length);
            staging.asSlice(stagingUsed + EntryDescriptor.HEADER_LENGTH + length, padding).fill((byte) 0);
            stagingUsed += (int) record;
        } else {
            EntryDescriptor.writeHeader(scratch, 0, (int) length, prefix, epoch, crc);
            SegmentFiles.writeFully(channel, scratch.asSlice(0, EntryDescriptor.HEADER_LENGTH).asByteBuffer(), offset);
            SegmentFiles.writeFully(channel, payload.asByteBuffer(), offset + EntryDescriptor.HEADER_LENGTH);
            if (padding > 0) {
                scratch.fill((byte) 0);
                SegmentFiles.writeFully(channel, scratch.asSlice(0, padding).asByteBuffer(),
                    offset + EntryDescriptor.HEADER_LENGTH + length);
            }
        }
        position += record;
        current.onAppend(record);
        return new EntryLocation(current.id(), offset, (int) length);
    }

    @Override
    public Object flush() throws IOException {
        flushStaging();
        if (position - batchStart <= ZERO_AHEAD_MAX_BATCH_BYTES) {
            zeroAhead();
        }
        batchStart = position;
        return new SyncPoint(current, channel, position);
    }

    /**
     * Keeps zeros written ahead of the entries, {@link #ZERO_AHEAD_BYTES} at a time once less than half that is
     * left. A segment file is created sparse, and a sync after writes into a hole must also make the new blocks'
     * allocation durable (a journal commit on ext4): for one small batch that made the {@code fdatasync} about
     * 1.6x as long on this project's test machine (145 against 90 us for 16 KB). Zeros written here are synced with
     * the batch being flushed, so that allocation is paid once per chunk and later batches overwrite allocated
     * blocks, as a database pre-writes its log. Past the entries, zeros are what the file reads as anyway, for
     * readers and for recovery, so a crash at any point leaves a segment that reads the same. Only batches of up to
     * {@link #ZERO_AHEAD_MAX_BATCH_BYTES} write them: those are the ones whose sync the allocation slows down. The
     * zeros are only a speed-up: when writing them fails (the disk is full, say), the rest of the segment is written
     * sparse, and only a failing write of entries fails the volume.
     */
    private void zeroAhead() {
        long limit = current.header().segmentSizeBytes();
        if (zeroingOff || zeroedEnd >= limit || zeroedEnd - position >= ZERO_AHEAD_BYTES / 2) {
            return;
        }
        long from = Math.max(zeroedEnd, position);
        try {
            writeZeros(from, Math.min(limit, from + ZERO_AHEAD_BYTES));
        } catch (IOException e) {
            zeroingOff = true;
            LOG.warn("volume {}: writing zeros ahead of the entries of {} failed at offset {}; the rest of the segment "
                + "is written without them", volumeName, current.path(), Math.max(zeroedEnd, from), e);
        }
    }

    /**
     * Writes zeros over {@code [from, to)} of the current segment through the staging buffer (empty:
     * {@link #flushStaging} ran first), moving {@link #zeroedEnd} past each write that succeeded.
     */
    private void writeZeros(long from, long to) throws IOException {
        staging.fill((byte) 0);
        for (long offset = from; offset < to; ) {
            long length = Math.min(staging.byteSize(), to - offset);
            SegmentFiles.writeFully(channel, staging.asSlice(0, length).asByteBuffer(), offset);
            offset += length;
            zeroedEnd = Math.max(zeroedEnd, offset);
        }
    }

    /**
     * Syncs the segment of {@code syncPoint} up to its end, unless a roll-over has retired that segment since: the
     * roll-over synced it whole. Any thread; may run while the flusher thread writes later entries.
     */
    @Override
    public void sync(Object syncPoint) throws IOException {
        SyncPoint point = (SyncPoint) syncPoint;
        syncLock.lock();
        try {
            if (point.segment() != current) {
                return;
            }
            point.channel().force(false);
            point.segment().advanceEnd(point.end());
        } finally {
            syncLock.unlock();
        }
    }

    /** Writes out and syncs every entry written so far. Flusher thread. */
    public void sync() throws IOException {
        sync(flush());
    }

    private void flushStaging() throws IOException {
        if (stagingUsed > 0) {
            SegmentFiles.writeFully(channel, staging.asSlice(0, stagingUsed).asByteBuffer(), stagingFilePosition);
            stagingUsed = 0;
        }
    }

    /** Syncs and retires the current segment and starts the next; holds off syncs of the sync thread meanwhile. */
    private void rollOver() throws IOException {
        syncLock.lock();
        try {
            if (current == resumed) {
                flushStaging();
                zeroTail();
                resumed = null;
            }
            sync();
            Segment old = current;
            channel.close();
            old.writable(false);
            attach(createSegment(old.id() + 1));
        } finally {
            syncLock.unlock();
        }
    }

    /**
     * Overwrites the current segment from the end of its entries (or of the zeros this writer already wrote ahead of
     * them) to the end of the file with zeros, through the staging buffer (empty: {@link #flushStaging} ran first).
     */
    private void zeroTail() throws IOException {
        long limit = current.header().segmentSizeBytes();
        writeZeros(Math.max(position, zeroedEnd), limit);
        zeroedEnd = limit; // the roll-over's sync (flush, then zeroAhead) has nothing more to write
    }

    /** What a sync covers: {@code segment} through {@code channel}, up to {@code end}. */
    private record SyncPoint(Segment segment, FileChannel channel, long end) {
    }

    /** The segment taking appends. */
    public Segment current() {
        return current;
    }

    /** The writer's epoch. */
    public long epoch() {
        return epoch;
    }

    /** Closes the write channel and frees the staging buffer; does not write or sync anything. */
    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.warn("volume {}: closing the write channel of {} failed", volumeName, current.path(), e);
        }
        if (current != null) {
            current.writable(false);
        }
        arena.close();
    }
}
