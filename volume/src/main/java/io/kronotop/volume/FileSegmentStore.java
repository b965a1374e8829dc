package io.kronotop.volume;

import io.kronotop.volume.flush.FlushLimits;
import io.kronotop.volume.flush.GroupCommitFlusher;
import io.kronotop.volume.format.CorruptSegmentException;
import io.kronotop.volume.format.EntryDescriptor;
import io.kronotop.volume.format.SegmentFileDescriptor;
import io.kronotop.volume.format.SegmentScanner;
import io.kronotop.volume.segment.Segment;
import io.kronotop.volume.segment.SegmentFiles;
import io.kronotop.volume.segment.SegmentVerifier;
import io.kronotop.volume.segment.SegmentWriter;
import io.kronotop.volume.segment.VerifyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link SegmentStore} over a folder of segment files ({@code <volumeDir>/segments/<19-digit id>}).
 *
 * <p>Open: removes leftovers of interrupted segment creations, checks every segment header (magic, version range,
 * CRC32C, volume and segment ids, size), walks the entry headers of every segment to rebuild its accounting, and
 * walks the last segment checking payloads too, to find the end of valid data: the first torn, stale or corrupt
 * entry. Appends continue there with a new writer epoch. Accounting is in memory until the metadata layer keeps
 * it: after reopen every valid entry counts as live.
 *
 * <p>Threads: appends are queued to one flusher thread, {@code volume-flush-<name>}, which writes, syncs and
 * completes them (see {@link GroupCommitFlusher}); reads use the mappings from any thread.
 */
public final class FileSegmentStore implements SegmentStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileSegmentStore.class);

    private final String name;
    private final Path segmentsDir;
    private final VolumeConfig config;
    private final ConcurrentSkipListMap<Long, Segment> segments;
    private final SegmentWriter writer;
    private final GroupCommitFlusher flusher;
    private final ConcurrentSkipListMap<Long, Segment> retiring = new ConcurrentSkipListMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private FileSegmentStore(String name, Path segmentsDir, VolumeConfig config,
                             ConcurrentSkipListMap<Long, Segment> segments, SegmentWriter writer,
                             GroupCommitFlusher flusher) {
        this.name = name;
        this.segmentsDir = segmentsDir;
        this.config = config;
        this.segments = segments;
        this.writer = writer;
        this.flusher = flusher;
    }

    /** Opens (or creates) the volume in {@code volumeDir} with real files and clocks. */
    public static FileSegmentStore open(Path volumeDir, String name, long volumeId, VolumeConfig config)
        throws IOException {
        return open(volumeDir, name, volumeId, config, StoreEnvironment.defaults(name));
    }

    /** Opens (or creates) the volume in {@code volumeDir}. */
    public static FileSegmentStore open(Path volumeDir, String name, long volumeId, VolumeConfig config,
                                        StoreEnvironment env) throws IOException {
        Path segmentsDir = volumeDir.resolve(SegmentFiles.SEGMENTS_DIR);
        Files.createDirectories(segmentsDir);
        for (Path leftover : SegmentFiles.deleteTmpFiles(segmentsDir)) {
            LOG.warn("volume {}: removed {}, left by an interrupted segment creation", name, leftover);
        }
        ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
        SegmentWriter writer = null;
        try {
            List<Long> ids = SegmentFiles.listIds(segmentsDir);
            long maxEpoch = 0;
            for (int i = 0; i < ids.size(); i++) {
                long id = ids.get(i);
                Segment segment = Segment.open(segmentsDir.resolve(SegmentFiles.fileName(id)), id);
                segments.put(id, segment);
                checkOwner(segment, name, volumeId);
                maxEpoch = Math.max(maxEpoch, recover(segment, name, i == ids.size() - 1));
            }
            if (segments.isEmpty()) {
                writer = SegmentWriter.createFirst(segmentsDir, 0, 1, name, volumeId, config.segmentSizeBytes(),
                    env.channels(), env.wallClockMs(), s -> segments.put(s.id(), s));
            } else {
                writer = SegmentWriter.resume(segments.lastEntry().getValue(), maxEpoch + 1, name, volumeId,
                    config.segmentSizeBytes(), env.channels(), env.wallClockMs(), s -> segments.put(s.id(), s));
            }
            Segment current = writer.current();
            LOG.info("volume {}: opened {} segment(s) in {}; appending to segment {} at offset {}, epoch {}",
                name, segments.size(), segmentsDir, current.id(), current.end(), writer.epoch());
            FlushLimits limits = new FlushLimits(config.flushMaxBatchEntries(), config.flushMaxBatchBytes(),
                TimeUnit.MICROSECONDS.toNanos(config.flushMaxDelayUs()));
            GroupCommitFlusher flusher = new GroupCommitFlusher(writer, limits, env.nanoClock(),
                env.durabilityListener());
            flusher.start(env.threads());
            return new FileSegmentStore(name, segmentsDir, config, segments, writer, flusher);
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                writer.close();
            }
            segments.values().forEach(Segment::close);
            throw e;
        }
    }

    private static void checkOwner(Segment segment, String name, long volumeId) throws CorruptSegmentException {
        if (segment.header().volumeId() != volumeId || !segment.header().volumeName().equals(name)) {
            throw new CorruptSegmentException(segment.path(), SegmentFileDescriptor.VOLUME_ID_OFFSET,
                "belongs to volume " + segment.header().volumeName() + " (id " + segment.header().volumeId()
                    + "), not " + name + " (id " + volumeId + ")");
        }
    }

    /** Finds the end of valid data and the accounting of one segment; returns the highest epoch it holds. */
    private static long recover(Segment segment, String name, boolean last) {
        SegmentScanner.Result result = SegmentScanner.scan(segment.mapping(), segment.header().segmentSizeBytes(),
            segment.header().firstEpoch(), segment.maxEpoch(), last, null);
        // A damaged older segment stays readable past the damage: the metadata gives each entry's exact location
        // and every read checks that entry's header and payload CRC32C, so only damaged entries fail.
        long end = !last && result.stop() != SegmentScanner.Stop.CLEAN_END ? segment.mapping().byteSize()
            : result.endOffset();
        segment.recovered(end, result.entries(), result.recordBytes());
        if (result.stop() != SegmentScanner.Stop.CLEAN_END) {
            if (last) {
                LOG.warn("volume {}: {} ends at offset {} ({}); bytes after it were never acknowledged and will be "
                    + "overwritten", name, segment.path(), result.endOffset(), result.reason());
            } else {
                LOG.error("volume {}: {} is damaged at offset {} ({}); entries after it are not counted, each read "
                    + "checks its own entry", name,
                    segment.path(), result.endOffset(), result.reason());
            }
        }
        return Math.max(segment.maxEpoch(), result.lastEpoch());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<EntryLocation> append(long prefix, MemorySegment payload) {
        return append(prefix, payload, null);
    }

    /**
     * {@link #append(long, MemorySegment)} with an attachment handed to the durability listener with the entry's
     * location (see {@link io.kronotop.volume.flush.DurabilityListener#onDurable(List, List)}).
     */
    public CompletableFuture<EntryLocation> append(long prefix, MemorySegment payload, Object attachment) {
        long length = payload.byteSize();
        if (length > config.maxEntryBytes() || length > config.maxPayloadPerSegment()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("entry of " + length
                + " bytes is larger than the limit of " + Math.min(config.maxEntryBytes(),
                config.maxPayloadPerSegment())));
        }
        return flusher.submit(prefix, payload, EntryDescriptor.recordLength(length), attachment);
    }

    @Override
    public MemorySegment read(EntryLocation location) throws CorruptSegmentException {
        Segment segment = segments.get(location.segmentId());
        if (segment == null) {
            segment = retiring.get(location.segmentId());
        }
        if (segment == null) {
            throw new CorruptSegmentException(segmentsDir.resolve(SegmentFiles.fileName(location.segmentId())),
                location.offset(), "no such segment in volume " + name);
        }
        return segment.read(location);
    }

    @Override
    public void markGarbage(EntryLocation location) {
        Segment segment = segments.get(location.segmentId());
        if (segment == null) {
            throw new IllegalArgumentException("no segment " + location.segmentId() + " in volume " + name);
        }
        segment.markGarbage(location.length());
    }

    @Override
    public List<SegmentStats> stats() {
        List<SegmentStats> stats = new ArrayList<>(segments.size());
        for (Segment segment : segments.values()) {
            stats.add(segment.stats());
        }
        return stats;
    }

    @Override
    public VerifyReport verify() {
        return SegmentVerifier.verifyOpen(new ArrayList<>(segments.values()));
    }

    /** Id of the segment that takes appends now. */
    public long writableSegmentId() {
        return writer.current().id();
    }

    /** Path of segment {@code segmentId}'s file (whether or not it exists). */
    public Path segmentPath(long segmentId) {
        return segmentsDir.resolve(SegmentFiles.fileName(segmentId));
    }

    /**
     * Deletes the file of segment {@code segmentId}, which the metadata layer has retired (no key points into it).
     * The segment leaves {@link #stats()} at once; its mapping stays readable for {@code graceMs} so that a reader
     * that resolved a location just before the retirement still gets its bytes (the kernel keeps an unlinked, mapped
     * file), then it is unmapped and the disk space is freed. Never the writable segment.
     *
     * @return true if the segment was open and is now gone
     */
    public boolean retire(long segmentId, long graceMs) throws IOException {
        Segment segment = segments.get(segmentId);
        if (segment == null) {
            return false;
        }
        if (segmentId >= writer.current().id()) {
            throw new IllegalStateException("segment " + segmentId + " of volume " + name + " is writable");
        }
        retiring.put(segmentId, segment);
        segments.remove(segmentId);
        Files.deleteIfExists(segment.path());
        SegmentFiles.syncDirectory(segmentsDir);
        CompletableFuture.delayedExecutor(graceMs, TimeUnit.MILLISECONDS).execute(() -> {
            if (retiring.remove(segmentId, segment)) {
                segment.close();
            }
        });
        LOG.info("volume {}: retired segment {} and deleted {}", name, segmentId, segment.path());
        return true;
    }

    /** The group-commit flusher, for its durability position and counters. */
    public GroupCommitFlusher flusher() {
        return flusher;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        flusher.close();
        writer.close();
        for (Segment segment : segments.values()) {
            segment.close();
        }
        for (Long id : retiring.keySet()) {
            Segment segment = retiring.remove(id);
            if (segment != null) {
                segment.close();
            }
        }
        LOG.info("volume {}: closed", name);
    }

    /** The largest payload one entry may have: the smaller of the entry limit and what fits in a segment. */
    long maxPayloadBytes() {
        return Math.min(config.maxEntryBytes(), config.maxPayloadPerSegment());
    }
}
