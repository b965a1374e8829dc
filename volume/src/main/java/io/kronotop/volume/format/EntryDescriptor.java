package io.kronotop.volume.format;

import java.lang.foreign.MemorySegment;

import static io.kronotop.volume.format.SegmentFileDescriptor.INT;
import static io.kronotop.volume.format.SegmentFileDescriptor.LONG;

/**
 * Layout of one entry: a 32-byte header, the payload, then zero padding up to the next multiple of
 * {@link #ALIGNMENT}. All integers are little-endian; the header is 8-byte aligned because every entry starts at an
 * 8-byte aligned offset of the segment file.
 *
 * <pre>
 *   0                   4                   8                                     16
 *   +-------------------+-------------------+-------------------------------------+
 *   | payload length i32| flags i32 (0)     | prefix i64 (owner of the entry)     |
 *   +-------------------+-------------------+-------------------------------------+
 *  16 | writer epoch i64                    | payload CRC32C i32| header CRC32C i32 |
 *   +-------------------------------------+-------------------+-------------------+
 *  32 | payload (length bytes) ... | zero padding to a multiple of 8 |
 * </pre>
 *
 * <p>The header CRC32C covers bytes [0, 28) of the header, the payload CRC32C covers the payload. A header of 32
 * zero bytes marks the end of the written part of a pre-allocated file. The writer epoch grows each time a segment
 * is reopened for writing, and never decreases along a segment, which tells stale bytes left by an earlier,
 * crashed writer from new entries (see {@link SegmentScanner}).
 */
public final class EntryDescriptor {
    public static final int HEADER_LENGTH = 32;
    public static final int ALIGNMENT = 8;
    /** Upper bound of a payload the format can describe; configuration usually sets a lower one. */
    public static final int MAX_PAYLOAD_LENGTH = Integer.MAX_VALUE - 64;

    public static final int LENGTH_OFFSET = 0;
    public static final int FLAGS_OFFSET = 4;
    public static final int PREFIX_OFFSET = 8;
    public static final int EPOCH_OFFSET = 16;
    public static final int PAYLOAD_CRC_OFFSET = 24;
    public static final int HEADER_CRC_OFFSET = 28;

    /** {@link #tryCheckHeader} result: the header is valid. */
    public static final int VALID = 0;
    /** {@link #tryCheckHeader} result: 32 zero bytes, the end of the written part. */
    public static final int END = -1;
    /** {@link #tryCheckHeader} result: the header CRC32C does not match (torn write or damage). */
    public static final int BAD_HEADER_CRC = -2;
    /** {@link #tryCheckHeader} result: the entry would end beyond the limit. */
    public static final int BAD_LENGTH = -3;
    /** {@link #tryCheckHeader} result: flags this version does not know. */
    public static final int UNKNOWN_FLAGS = -4;

    private EntryDescriptor() {
    }

    /** Bytes an entry with a payload of {@code payloadLength} bytes takes in the file, header and padding included. */
    public static long recordLength(long payloadLength) {
        return align(HEADER_LENGTH + payloadLength);
    }

    /** {@code value} rounded up to a multiple of {@link #ALIGNMENT}. */
    public static long align(long value) {
        return (value + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** Writes a complete 32-byte header into {@code dst} at {@code offset}, computing the header CRC32C. */
    public static void writeHeader(MemorySegment dst, long offset, int payloadLength, long prefix, long epoch,
                                   int payloadCrc) {
        dst.set(INT, offset + LENGTH_OFFSET, payloadLength);
        dst.set(INT, offset + FLAGS_OFFSET, 0);
        dst.set(LONG, offset + PREFIX_OFFSET, prefix);
        dst.set(LONG, offset + EPOCH_OFFSET, epoch);
        dst.set(INT, offset + PAYLOAD_CRC_OFFSET, payloadCrc);
        dst.set(INT, offset + HEADER_CRC_OFFSET, Crc32c.of(dst, offset, HEADER_CRC_OFFSET));
    }

    /**
     * Checks the header at {@code offset} of {@code src} without throwing.
     *
     * @param limit the entry, payload and padding included, must end at or before this offset
     * @return {@link #VALID}, {@link #END}, {@link #BAD_HEADER_CRC}, {@link #BAD_LENGTH} or {@link #UNKNOWN_FLAGS}
     */
    public static int tryCheckHeader(MemorySegment src, long offset, long limit) {
        if (offset + HEADER_LENGTH > limit) {
            return BAD_LENGTH;
        }
        long a = src.get(LONG, offset);
        long b = src.get(LONG, offset + 8);
        long c = src.get(LONG, offset + 16);
        long d = src.get(LONG, offset + 24);
        if ((a | b | c | d) == 0) {
            return END;
        }
        if (src.get(INT, offset + HEADER_CRC_OFFSET) != Crc32c.of(src, offset, HEADER_CRC_OFFSET)) {
            return BAD_HEADER_CRC;
        }
        if (src.get(INT, offset + FLAGS_OFFSET) != 0) {
            return UNKNOWN_FLAGS;
        }
        int length = src.get(INT, offset + LENGTH_OFFSET);
        if (length < 0 || length > MAX_PAYLOAD_LENGTH || offset + recordLength(length) > limit) {
            return BAD_LENGTH;
        }
        return VALID;
    }

    /** True when the payload of the (valid) header at {@code offset} matches its CRC32C. */
    public static boolean payloadCrcMatches(MemorySegment src, long offset) {
        int length = payloadLength(src, offset);
        return Crc32c.of(src, offset + HEADER_LENGTH, length) == payloadCrc(src, offset);
    }

    public static int payloadLength(MemorySegment src, long offset) {
        return src.get(INT, offset + LENGTH_OFFSET);
    }

    public static int flags(MemorySegment src, long offset) {
        return src.get(INT, offset + FLAGS_OFFSET);
    }

    public static long prefix(MemorySegment src, long offset) {
        return src.get(LONG, offset + PREFIX_OFFSET);
    }

    public static long epoch(MemorySegment src, long offset) {
        return src.get(LONG, offset + EPOCH_OFFSET);
    }

    public static int payloadCrc(MemorySegment src, long offset) {
        return src.get(INT, offset + PAYLOAD_CRC_OFFSET);
    }

    /** A readable name for a {@link #tryCheckHeader} result. */
    public static String describe(int status) {
        return switch (status) {
            case VALID -> "valid";
            case END -> "end of data";
            case BAD_HEADER_CRC -> "entry header CRC32C mismatch";
            case BAD_LENGTH -> "entry length out of bounds";
            case UNKNOWN_FLAGS -> "unknown entry flags";
            default -> "status " + status;
        };
    }
}
