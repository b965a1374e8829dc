package io.kronotop.volume.segment;

import io.kronotop.volume.EntryLocation;
import io.kronotop.volume.SegmentStats;
import io.kronotop.volume.format.CorruptSegmentException;
import io.kronotop.volume.format.EntryDescriptor;
import io.kronotop.volume.format.SegmentFileDescriptor;
import io.kronotop.volume.format.SegmentHeader;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One segment file, mapped read-only in full into a {@link MemorySegment} under an {@link Arena} the segment owns.
 * Reads return zero-copy slices of the mapping; they stay valid until {@link #close()}. Writes never go through the
 * mapping: the {@link SegmentWriter} writes with positional {@link FileChannel} writes, which the mapping sees
 * through the page cache.
 *
 * <p>Thread safety: reads and accounting from any thread. {@link #end()} only grows, and is set by the writer
 * once bytes are durable, so a reader never sees an entry that is not yet synced as valid.
 */
public final class Segment implements AutoCloseable {
    private final Path path;
    private final SegmentHeader header;
    private final Arena arena;
    private final MemorySegment mapping;
    private volatile long end;
    private volatile boolean writable;
    private final AtomicLong liveEntries = new AtomicLong();
    private final AtomicLong liveBytes = new AtomicLong();
    private final AtomicLong garbageEntries = new AtomicLong();
    private final AtomicLong garbageBytes = new AtomicLong();

    private Segment(Path path, SegmentHeader header, Arena arena, MemorySegment mapping) {
        this.path = path;
        this.header = header;
        this.arena = arena;
        this.mapping = mapping;
        this.end = SegmentFileDescriptor.HEADER_LENGTH;
    }

    /**
     * Maps {@code path} and checks its header: magic, version range, CRC32C, that the size matches the file and,
     * when {@code expectedId} is not negative, that the id matches the file name.
     */
    public static Segment open(Path path, long expectedId) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < SegmentFileDescriptor.HEADER_LENGTH) {
                throw new CorruptSegmentException(path, 0, "file of " + size + " bytes has no complete header");
            }
            MemorySegment mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            SegmentHeader header = SegmentFileDescriptor.read(mapping, path);
            if (header.segmentSizeBytes() != size) {
                throw new CorruptSegmentException(path, SegmentFileDescriptor.SEGMENT_SIZE_OFFSET,
                    "header says " + header.segmentSizeBytes() + " bytes, file has " + size);
            }
            if (expectedId >= 0 && header.segmentId() != expectedId) {
                throw new CorruptSegmentException(path, SegmentFileDescriptor.SEGMENT_ID_OFFSET,
                    "header holds segment id " + header.segmentId() + ", file name says " + expectedId);
            }
            return new Segment(path, header, arena, mapping);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public long id() {
        return header.segmentId();
    }

    public Path path() {
        return path;
    }

    public SegmentHeader header() {
        return header;
    }

    /** The whole file, read-only. */
    public MemorySegment mapping() {
        return mapping;
    }

    /** End of valid, durable data: the offset after the last entry. */
    public long end() {
        return end;
    }

    /** Raises {@link #end()}; called once bytes up to {@code newEnd} are durable (or found valid on open). */
    void advanceEnd(long newEnd) {
        end = newEnd;
    }

    public boolean writable() {
        return writable;
    }

    void writable(boolean value) {
        writable = value;
    }

    /** Highest epoch a valid entry of this segment may carry now. */
    public long maxEpoch() {
        return SegmentFileDescriptor.maxEpoch(mapping, header);
    }

    /**
     * The payload at {@code location} as a zero-copy slice, after checking the entry header and the payload
     * CRC32C. The slice is valid until the segment is closed.
     */
    public MemorySegment read(EntryLocation location) throws CorruptSegmentException {
        long offset = location.offset();
        long limit = end;
        if (offset < SegmentFileDescriptor.HEADER_LENGTH || offset % EntryDescriptor.ALIGNMENT != 0
            || offset + EntryDescriptor.recordLength(location.length()) > limit) {
            throw new CorruptSegmentException(path, offset, "no entry of " + location.length()
                + " bytes can start here (end of valid data " + limit + ")");
        }
        int status = EntryDescriptor.tryCheckHeader(mapping, offset, limit);
        if (status != EntryDescriptor.VALID) {
            throw new CorruptSegmentException(path, offset, EntryDescriptor.describe(status));
        }
        if (EntryDescriptor.payloadLength(mapping, offset) != location.length()) {
            throw new CorruptSegmentException(path, offset, "entry holds " + EntryDescriptor.payloadLength(mapping,
                offset) + " bytes, location says " + location.length());
        }
        if (!EntryDescriptor.payloadCrcMatches(mapping, offset)) {
            throw new CorruptSegmentException(path, offset + EntryDescriptor.HEADER_LENGTH,
                "payload CRC32C mismatch");
        }
        return mapping.asSlice(offset + EntryDescriptor.HEADER_LENGTH, location.length());
    }

    /** Accounts a new live entry of {@code recordBytes}. */
    void onAppend(long recordBytes) {
        liveEntries.incrementAndGet();
        liveBytes.addAndGet(recordBytes);
    }

    /** Moves an entry of {@code payloadLength} bytes from live to garbage. */
    public void markGarbage(int payloadLength) {
        long record = EntryDescriptor.recordLength(payloadLength);
        liveEntries.decrementAndGet();
        liveBytes.addAndGet(-record);
        garbageEntries.incrementAndGet();
        garbageBytes.addAndGet(record);
    }

    /**
     * Sets what a scan on open found: the end of valid data and the accounting, where every valid entry counts as
     * live until the metadata layer says more.
     */
    public void recovered(long validEnd, long entries, long recordBytes) {
        end = validEnd;
        liveEntries.set(entries);
        liveBytes.set(recordBytes);
        garbageEntries.set(0);
        garbageBytes.set(0);
    }

    public SegmentStats stats() {
        return new SegmentStats(id(), header.segmentSizeBytes(), end, liveEntries.get(), liveBytes.get(),
            garbageEntries.get(), garbageBytes.get(), writable);
    }

    /** Unmaps the file; slices handed out before become invalid. */
    @Override
    public void close() {
        arena.close();
    }
}
