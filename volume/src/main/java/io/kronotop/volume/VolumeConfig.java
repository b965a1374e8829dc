package io.kronotop.volume;

import io.kronotop.volume.format.EntryDescriptor;
import io.kronotop.volume.format.SegmentFileDescriptor;

import java.util.Map;
import java.util.Set;

/**
 * Settings of one volume's segment storage. One instance per shard kind (buckets use 4 GiB segments, tests use
 * small ones); the server builds it from its configuration with {@link #from(Map)}.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #SEGMENT_SIZE_BYTES}</td><td>4294967296</td><td>size of each pre-allocated segment file</td></tr>
 *   <tr><td>{@value #ENTRY_MAX_BYTES}</td><td>16777216</td><td>largest payload an append accepts</td></tr>
 *   <tr><td>{@value #FLUSH_MAX_BATCH_ENTRIES}</td><td>1024</td><td>entries per sync at most</td></tr>
 *   <tr><td>{@value #FLUSH_MAX_BATCH_BYTES}</td><td>33554432</td><td>record bytes per sync at most (one larger
 *       entry still goes alone)</td></tr>
 *   <tr><td>{@value #FLUSH_MAX_DELAY_US}</td><td>0</td><td>how long a batch may wait for more entries before it is
 *       written and synced; 0: sync what is queued at once (appends arriving during a sync still form the next
 *       batch)</td></tr>
 * </table>
 *
 * @param segmentSizeBytes     see {@value #SEGMENT_SIZE_BYTES}
 * @param maxEntryBytes        see {@value #ENTRY_MAX_BYTES}
 * @param flushMaxBatchEntries see {@value #FLUSH_MAX_BATCH_ENTRIES}
 * @param flushMaxBatchBytes   see {@value #FLUSH_MAX_BATCH_BYTES}
 * @param flushMaxDelayUs      see {@value #FLUSH_MAX_DELAY_US}
 */
public record VolumeConfig(
    long segmentSizeBytes,
    int maxEntryBytes,
    int flushMaxBatchEntries,
    long flushMaxBatchBytes,
    long flushMaxDelayUs) {

    public static final String SEGMENT_SIZE_BYTES = "volume.segment.size.bytes";
    public static final String ENTRY_MAX_BYTES = "volume.entry.max.bytes";
    public static final String FLUSH_MAX_BATCH_ENTRIES = "volume.flush.max_batch_entries";
    public static final String FLUSH_MAX_BATCH_BYTES = "volume.flush.max_batch_bytes";
    public static final String FLUSH_MAX_DELAY_US = "volume.flush.max_delay_us";

    /** Every key {@link #from(Map)} reads. */
    public static final Set<String> KEYS = Set.of(SEGMENT_SIZE_BYTES, ENTRY_MAX_BYTES, FLUSH_MAX_BATCH_ENTRIES,
        FLUSH_MAX_BATCH_BYTES, FLUSH_MAX_DELAY_US);

    public static final long DEFAULT_SEGMENT_SIZE_BYTES = 4L << 30;
    public static final int DEFAULT_ENTRY_MAX_BYTES = 16 << 20;
    public static final int DEFAULT_FLUSH_MAX_BATCH_ENTRIES = 1024;
    public static final long DEFAULT_FLUSH_MAX_BATCH_BYTES = 32L << 20;
    public static final long DEFAULT_FLUSH_MAX_DELAY_US = 0;

    /** Smallest segment accepted: the header plus one page. */
    public static final long MIN_SEGMENT_SIZE_BYTES = SegmentFileDescriptor.HEADER_LENGTH + 4096;

    public VolumeConfig {
        if (segmentSizeBytes < MIN_SEGMENT_SIZE_BYTES || segmentSizeBytes % EntryDescriptor.ALIGNMENT != 0) {
            throw new IllegalArgumentException(SEGMENT_SIZE_BYTES + " must be a multiple of "
                + EntryDescriptor.ALIGNMENT + " and at least " + MIN_SEGMENT_SIZE_BYTES + ": " + segmentSizeBytes);
        }
        if (maxEntryBytes < 0 || maxEntryBytes > EntryDescriptor.MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException(ENTRY_MAX_BYTES + " out of range: " + maxEntryBytes);
        }
        if (flushMaxBatchEntries < 1) {
            throw new IllegalArgumentException(FLUSH_MAX_BATCH_ENTRIES + " must be at least 1");
        }
        if (flushMaxBatchBytes < 1) {
            throw new IllegalArgumentException(FLUSH_MAX_BATCH_BYTES + " must be at least 1");
        }
        if (flushMaxDelayUs < 0 || flushMaxDelayUs > 1_000_000) {
            throw new IllegalArgumentException(FLUSH_MAX_DELAY_US + " must be in [0, 1000000]");
        }
    }

    /** The defaults (bucket volumes). */
    public static VolumeConfig defaults() {
        return new VolumeConfig(DEFAULT_SEGMENT_SIZE_BYTES, DEFAULT_ENTRY_MAX_BYTES, DEFAULT_FLUSH_MAX_BATCH_ENTRIES,
            DEFAULT_FLUSH_MAX_BATCH_BYTES, DEFAULT_FLUSH_MAX_DELAY_US);
    }

    /** Reads the keys above from {@code settings}; a missing key takes its default. */
    public static VolumeConfig from(Map<String, String> settings) {
        return new VolumeConfig(
            parseLong(settings, SEGMENT_SIZE_BYTES, DEFAULT_SEGMENT_SIZE_BYTES),
            Math.toIntExact(parseLong(settings, ENTRY_MAX_BYTES, DEFAULT_ENTRY_MAX_BYTES)),
            Math.toIntExact(parseLong(settings, FLUSH_MAX_BATCH_ENTRIES, DEFAULT_FLUSH_MAX_BATCH_ENTRIES)),
            parseLong(settings, FLUSH_MAX_BATCH_BYTES, DEFAULT_FLUSH_MAX_BATCH_BYTES),
            parseLong(settings, FLUSH_MAX_DELAY_US, DEFAULT_FLUSH_MAX_DELAY_US));
    }

    /** A copy with another segment size. */
    public VolumeConfig withSegmentSizeBytes(long bytes) {
        return new VolumeConfig(bytes, maxEntryBytes, flushMaxBatchEntries, flushMaxBatchBytes, flushMaxDelayUs);
    }

    /** A copy with other batch limits. */
    public VolumeConfig withFlush(int maxBatchEntries, long maxBatchBytes, long maxDelayUs) {
        return new VolumeConfig(segmentSizeBytes, maxEntryBytes, maxBatchEntries, maxBatchBytes, maxDelayUs);
    }

    /** Largest payload that fits in one segment of this size. */
    public long maxPayloadPerSegment() {
        return segmentSizeBytes - SegmentFileDescriptor.HEADER_LENGTH - EntryDescriptor.HEADER_LENGTH;
    }

    private static long parseLong(Map<String, String> settings, String key, long defaultValue) {
        String text = settings.get(key);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not an integer: " + text, e);
        }
    }
}
