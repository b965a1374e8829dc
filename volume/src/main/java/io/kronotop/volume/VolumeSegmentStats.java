package io.kronotop.volume;

/**
 * One segment's accounting as the metastore keeps it. Byte counts are of whole entry records (header, payload and
 * padding); {@code sizeBytes - freeBytes = header + usedBytes + garbageBytes}.
 *
 * @param segmentId    segment id
 * @param sizeBytes    size of the segment file
 * @param freeBytes    bytes after the end of written data
 * @param usedBytes    bytes of entries the metadata points at (live)
 * @param garbageBytes written bytes nothing points at any more (deleted, replaced, or never committed)
 * @param cardinality  live entries
 */
public record VolumeSegmentStats(long segmentId, long sizeBytes, long freeBytes, long usedBytes, long garbageBytes,
                                 long cardinality) {
    /** Garbage over the segment size, in percent [0, 100]. */
    public double garbagePercentage() {
        return sizeBytes == 0 ? 0.0 : 100.0 * garbageBytes / sizeBytes;
    }
}
