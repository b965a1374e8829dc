package io.kronotop.volume.format;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Layout of the 256-byte header that starts every segment file. All integers are little-endian; every field is
 * naturally aligned; entries start at {@link #HEADER_LENGTH}, which keeps them 8-byte aligned.
 *
 * <pre>
 *   0                   8                   16                  24                  32
 *   +-------------------+---------+---------+-------------------+-------------------+
 *   | magic "KRNTPSEG"  | version | hdr len | format name "kronotop.segment" (16)   |
 *   +-------------------+---------+---------+-------------------+-------------------+
 *  32 volume id (i64)   | segment id (i64)  | segment size (i64)| created ms (i64)  |
 *  64 first epoch (i64) | name len (u16) + 6 reserved | volume name, UTF-8, 128 bytes, zero padded ...
 * 208 ... 12 reserved (0)                   | header CRC32C over [0, 220) at 220    |
 * 224 epoch slot 0: epoch (i64), CRC32C of the epoch (i32), 4 reserved               |
 * 240 epoch slot 1: same layout                                                      |
 * 256 first entry (see {@link EntryDescriptor})
 * </pre>
 *
 * <p>The fixed part [0, 224) is written once, when the segment is created. The two epoch slots are rewritten, one
 * at a time, each time the segment is reopened for writing: a writer records its epoch in the older slot and syncs
 * it before it writes any entry, so a torn slot write leaves the other slot intact. The highest valid slot (or the
 * first epoch) bounds the epochs a valid entry may carry; see {@link SegmentScanner}.
 *
 * <p>Readers accept versions in [{@link #MIN_SUPPORTED_VERSION}, {@link #CURRENT_VERSION}] and reject the rest.
 */
public final class SegmentFileDescriptor {
    /** "KRNTPSEG" in ASCII, read as a little-endian long. */
    public static final long MAGIC = 0x4745_5350_544E_524BL;
    public static final String FORMAT_NAME = "kronotop.segment";
    public static final int CURRENT_VERSION = 1;
    public static final int MIN_SUPPORTED_VERSION = 1;
    public static final int HEADER_LENGTH = 256;
    public static final int MAX_VOLUME_NAME_BYTES = 128;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int HEADER_LENGTH_OFFSET = 12;
    public static final int FORMAT_NAME_OFFSET = 16;
    public static final int FORMAT_NAME_LENGTH = 16;
    public static final int VOLUME_ID_OFFSET = 32;
    public static final int SEGMENT_ID_OFFSET = 40;
    public static final int SEGMENT_SIZE_OFFSET = 48;
    public static final int CREATED_AT_OFFSET = 56;
    public static final int FIRST_EPOCH_OFFSET = 64;
    public static final int VOLUME_NAME_LENGTH_OFFSET = 72;
    public static final int VOLUME_NAME_OFFSET = 80;
    public static final int HEADER_CRC_OFFSET = 220;
    /** The header CRC32C covers [0, HEADER_CRC_OFFSET). */
    public static final int FIXED_PART_LENGTH = HEADER_CRC_OFFSET;
    public static final int EPOCH_SLOT_0_OFFSET = 224;
    public static final int EPOCH_SLOT_LENGTH = 16;
    public static final int EPOCH_SLOT_COUNT = 2;

    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final byte[] FORMAT_NAME_BYTES = FORMAT_NAME.getBytes(StandardCharsets.US_ASCII);

    private SegmentFileDescriptor() {
    }

    /** Writes the whole header (fixed part, CRC, both epoch slots empty) into {@code dst} at offset 0. */
    public static void write(MemorySegment dst, SegmentHeader header) {
        byte[] name = header.volumeName().getBytes(StandardCharsets.UTF_8);
        if (name.length > MAX_VOLUME_NAME_BYTES) {
            throw new IllegalArgumentException("volume name longer than " + MAX_VOLUME_NAME_BYTES + " bytes");
        }
        if (header.segmentSizeBytes() < HEADER_LENGTH) {
            throw new IllegalArgumentException("segment size smaller than the header");
        }
        MemorySegment h = dst.asSlice(0, HEADER_LENGTH);
        h.fill((byte) 0);
        h.set(LONG, MAGIC_OFFSET, MAGIC);
        h.set(INT, VERSION_OFFSET, header.version());
        h.set(INT, HEADER_LENGTH_OFFSET, HEADER_LENGTH);
        MemorySegment.copy(MemorySegment.ofArray(FORMAT_NAME_BYTES), 0, h, FORMAT_NAME_OFFSET, FORMAT_NAME_LENGTH);
        h.set(LONG, VOLUME_ID_OFFSET, header.volumeId());
        h.set(LONG, SEGMENT_ID_OFFSET, header.segmentId());
        h.set(LONG, SEGMENT_SIZE_OFFSET, header.segmentSizeBytes());
        h.set(LONG, CREATED_AT_OFFSET, header.createdAtMs());
        h.set(LONG, FIRST_EPOCH_OFFSET, header.firstEpoch());
        h.set(SHORT, VOLUME_NAME_LENGTH_OFFSET, (short) name.length);
        MemorySegment.copy(MemorySegment.ofArray(name), 0, h, VOLUME_NAME_OFFSET, name.length);
        h.set(INT, HEADER_CRC_OFFSET, Crc32c.of(h, 0, FIXED_PART_LENGTH));
    }

    /**
     * Decodes and checks the header at offset 0 of {@code src}: length, magic, format name, version range, header
     * length and CRC32C.
     *
     * @param file named in the exception when a check fails
     */
    public static SegmentHeader read(MemorySegment src, Path file) throws CorruptSegmentException {
        if (src.byteSize() < HEADER_LENGTH) {
            throw new CorruptSegmentException(file, 0, "file shorter than the " + HEADER_LENGTH + "-byte header");
        }
        if (src.get(LONG, MAGIC_OFFSET) != MAGIC) {
            throw new CorruptSegmentException(file, MAGIC_OFFSET, "bad magic, not a Kronotop segment");
        }
        int storedCrc = src.get(INT, HEADER_CRC_OFFSET);
        if (storedCrc != Crc32c.of(src, 0, FIXED_PART_LENGTH)) {
            throw new CorruptSegmentException(file, HEADER_CRC_OFFSET, "header CRC32C mismatch");
        }
        int version = src.get(INT, VERSION_OFFSET);
        if (version < MIN_SUPPORTED_VERSION || version > CURRENT_VERSION) {
            throw new CorruptSegmentException(file, VERSION_OFFSET, "unsupported format version " + version
                + ", this build reads " + MIN_SUPPORTED_VERSION + ".." + CURRENT_VERSION);
        }
        for (int i = 0; i < FORMAT_NAME_LENGTH; i++) {
            if (src.get(ValueLayout.JAVA_BYTE, FORMAT_NAME_OFFSET + i) != FORMAT_NAME_BYTES[i]) {
                throw new CorruptSegmentException(file, FORMAT_NAME_OFFSET, "unknown format name");
            }
        }
        if (src.get(INT, HEADER_LENGTH_OFFSET) != HEADER_LENGTH) {
            throw new CorruptSegmentException(file, HEADER_LENGTH_OFFSET, "unexpected header length");
        }
        int nameLength = Short.toUnsignedInt(src.get(SHORT, VOLUME_NAME_LENGTH_OFFSET));
        if (nameLength > MAX_VOLUME_NAME_BYTES) {
            throw new CorruptSegmentException(file, VOLUME_NAME_LENGTH_OFFSET, "volume name length out of range");
        }
        long segmentSize = src.get(LONG, SEGMENT_SIZE_OFFSET);
        if (segmentSize < HEADER_LENGTH) {
            throw new CorruptSegmentException(file, SEGMENT_SIZE_OFFSET, "segment size out of range");
        }
        String name = new String(src.asSlice(VOLUME_NAME_OFFSET, nameLength).toArray(ValueLayout.JAVA_BYTE),
            StandardCharsets.UTF_8);
        return new SegmentHeader(version, name, src.get(LONG, VOLUME_ID_OFFSET), src.get(LONG, SEGMENT_ID_OFFSET),
            segmentSize, src.get(LONG, CREATED_AT_OFFSET), src.get(LONG, FIRST_EPOCH_OFFSET));
    }

    /** Offset of epoch slot {@code slot} (0 or 1). */
    public static long epochSlotOffset(int slot) {
        return EPOCH_SLOT_0_OFFSET + (long) slot * EPOCH_SLOT_LENGTH;
    }

    /** The epoch stored in slot {@code slot} of the header in {@code src}, or -1 when the slot is empty or torn. */
    public static long epochSlot(MemorySegment src, int slot) {
        long offset = epochSlotOffset(slot);
        long epoch = src.get(LONG, offset);
        int crc = src.get(INT, offset + 8);
        if (epoch <= 0 || crc != Crc32c.of(src, offset, 8)) {
            return -1;
        }
        return epoch;
    }

    /** Encodes an epoch slot (epoch, its CRC32C, zero padding) into the 16 bytes of {@code dst}. */
    public static void writeEpochSlot(MemorySegment dst, long epoch) {
        MemorySegment s = dst.asSlice(0, EPOCH_SLOT_LENGTH);
        s.fill((byte) 0);
        s.set(LONG, 0, epoch);
        s.set(INT, 8, Crc32c.of(s, 0, 8));
    }

    /** Highest epoch a valid entry of this segment may carry: the first epoch or a higher valid slot. */
    public static long maxEpoch(MemorySegment src, SegmentHeader header) {
        long max = header.firstEpoch();
        for (int slot = 0; slot < EPOCH_SLOT_COUNT; slot++) {
            max = Math.max(max, epochSlot(src, slot));
        }
        return max;
    }

    /** The slot a new writer should overwrite: an empty or torn one, else the one with the lower epoch. */
    public static int slotToReplace(MemorySegment src) {
        long e0 = epochSlot(src, 0);
        long e1 = epochSlot(src, 1);
        return e0 <= e1 ? 0 : 1;
    }
}
