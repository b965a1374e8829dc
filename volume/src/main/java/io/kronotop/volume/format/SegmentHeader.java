package io.kronotop.volume.format;

/**
 * The decoded, immutable file header of a segment; see {@link SegmentFileDescriptor} for the layout.
 *
 * @param version          format version the file was written with
 * @param volumeName       name of the owning volume, e.g. {@code bucket-shard-3}
 * @param volumeId         64-bit id of the owning volume
 * @param segmentId        id of this segment; also the file name, zero-padded to 19 digits
 * @param segmentSizeBytes size of the pre-allocated file, header included
 * @param createdAtMs      creation time, milliseconds since the epoch
 * @param firstEpoch       writer epoch of the writer that created the segment
 */
public record SegmentHeader(
    int version,
    String volumeName,
    long volumeId,
    long segmentId,
    long segmentSizeBytes,
    long createdAtMs,
    long firstEpoch) {
}
