package io.kronotop.volume;

/**
 * Where an entry lives: what the metadata layer stores and hands back to read it.
 *
 * @param segmentId id of the segment file
 * @param offset    byte offset of the entry's header in the segment file
 * @param length    payload length in bytes (the header and padding are not counted)
 */
public record EntryLocation(long segmentId, long offset, int length) {
    public EntryLocation {
        if (segmentId < 0 || offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative field in " + segmentId + "/" + offset + "/" + length);
        }
    }
}
