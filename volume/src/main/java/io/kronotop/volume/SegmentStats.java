package io.kronotop.volume;

/**
 * A snapshot of one segment's accounting. Byte counts are of whole entry records (header, payload and padding),
 * so {@code liveBytes + garbageBytes + freeBytes + header} is the segment size.
 *
 * @param segmentId      segment id
 * @param sizeBytes      size of the pre-allocated file
 * @param appendOffset   offset where the next entry would go; the end of valid data
 * @param liveEntries    entries not marked as garbage (cardinality)
 * @param liveBytes      bytes of live entries (used bytes)
 * @param garbageEntries entries marked deleted or replaced
 * @param garbageBytes   bytes of garbage entries
 * @param writable       true for the one segment that takes appends
 */
public record SegmentStats(
    long segmentId,
    long sizeBytes,
    long appendOffset,
    long liveEntries,
    long liveBytes,
    long garbageEntries,
    long garbageBytes,
    boolean writable) {

    /** Bytes after the end of valid data. */
    public long freeBytes() {
        return sizeBytes - appendOffset;
    }

    /** Garbage bytes over the segment size, in [0, 1]. */
    public double garbageRatio() {
        return sizeBytes == 0 ? 0.0 : (double) garbageBytes / sizeBytes;
    }
}
