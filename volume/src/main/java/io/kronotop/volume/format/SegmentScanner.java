package io.kronotop.volume.format;

import java.lang.foreign.MemorySegment;

/**
 * Walks the entries of a segment file from the first one to the end of valid data, which is the first of:
 * <ul>
 *   <li>a header of 32 zero bytes, or too little room left for a header ({@link Stop#CLEAN_END});</li>
 *   <li>a header that fails {@link EntryDescriptor#tryCheckHeader} ({@link Stop#BAD_HEADER});</li>
 *   <li>an epoch lower than the previous entry's, or outside [first epoch, highest recorded epoch]: bytes left
 *       behind by an earlier writer that crashed before syncing them ({@link Stop#STALE_EPOCH});</li>
 *   <li>when payloads are checked, a payload whose CRC32C does not match ({@link Stop#BAD_PAYLOAD}).</li>
 * </ul>
 * After a crash the unsynced tail of the writable segment ends in one of the last three; anywhere else they mean
 * damage. The scanner does not allocate per entry and never throws on bad data.
 */
public final class SegmentScanner {
    /** Why a scan stopped. */
    public enum Stop { CLEAN_END, BAD_HEADER, STALE_EPOCH, BAD_PAYLOAD }

    /** Receives each valid entry, in file order. */
    @FunctionalInterface
    public interface EntryVisitor {
        void onEntry(long offset, int payloadLength, long prefix, long epoch);
    }

    /**
     * Outcome of a scan.
     *
     * @param endOffset     offset just past the last valid entry: where the next entry goes
     * @param entries       valid entries seen
     * @param recordBytes   bytes the valid entries take, headers and padding included
     * @param lastEpoch     epoch of the last valid entry, or 0 when there is none
     * @param stop          why the scan stopped
     * @param detail        the {@link EntryDescriptor} status when {@code stop} is {@link Stop#BAD_HEADER}
     */
    public record Result(long endOffset, long entries, long recordBytes, long lastEpoch, Stop stop, int detail) {
        /** A readable reason for the stop. */
        public String reason() {
            return switch (stop) {
                case CLEAN_END -> "end of data";
                case BAD_HEADER -> EntryDescriptor.describe(detail);
                case STALE_EPOCH -> "entry epoch out of order (stale bytes of an earlier writer)";
                case BAD_PAYLOAD -> "payload CRC32C mismatch";
            };
        }
    }

    private SegmentScanner() {
    }

    /**
     * Scans {@code file} (a whole segment file, header included) from {@link SegmentFileDescriptor#HEADER_LENGTH}.
     *
     * @param limit         scan no further than this offset (the segment size, or a known durable end)
     * @param minEpoch      lowest valid epoch (the segment's first epoch)
     * @param maxEpoch      highest valid epoch (see {@link SegmentFileDescriptor#maxEpoch})
     * @param checkPayloads also check every payload CRC32C (reads every byte)
     * @param visitor       receives valid entries; may be null
     */
    public static Result scan(MemorySegment file, long limit, long minEpoch, long maxEpoch, boolean checkPayloads,
                              EntryVisitor visitor) {
        long offset = SegmentFileDescriptor.HEADER_LENGTH;
        long entries = 0;
        long recordBytes = 0;
        long lastEpoch = 0;
        long previousEpoch = minEpoch;
        while (true) {
            if (offset + EntryDescriptor.HEADER_LENGTH > limit) {
                return new Result(offset, entries, recordBytes, lastEpoch, Stop.CLEAN_END, EntryDescriptor.END);
            }
            int status = EntryDescriptor.tryCheckHeader(file, offset, limit);
            if (status == EntryDescriptor.END) {
                return new Result(offset, entries, recordBytes, lastEpoch, Stop.CLEAN_END, status);
            }
            if (status != EntryDescriptor.VALID) {
                return new Result(offset, entries, recordBytes, lastEpoch, Stop.BAD_HEADER, status);
            }
            long epoch = EntryDescriptor.epoch(file, offset);
            if (epoch < previousEpoch || epoch > maxEpoch) {
                return new Result(offset, entries, recordBytes, lastEpoch, Stop.STALE_EPOCH, status);
            }
            if (checkPayloads && !EntryDescriptor.payloadCrcMatches(file, offset)) {
                return new Result(offset, entries, recordBytes, lastEpoch, Stop.BAD_PAYLOAD, status);
            }
            int length = EntryDescriptor.payloadLength(file, offset);
            if (visitor != null) {
                visitor.onEntry(offset, length, EntryDescriptor.prefix(file, offset), epoch);
            }
            long record = EntryDescriptor.recordLength(length);
            offset += record;
            recordBytes += record;
            entries++;
            previousEpoch = epoch;
            lastEpoch = epoch;
        }
    }
}
