package io.kronotop.volume.format;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentFileDescriptorTest {
    static final Path FILE = Path.of("segments/0000000000000000007");

    /** The header of segment 7 of bucket-shard-3, built byte by byte from the documented layout. */
    static byte[] handBuiltHeader(int version) {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        b.put("KRNTPSEG".getBytes(StandardCharsets.US_ASCII));
        b.putInt(version);
        b.putInt(256);
        b.put("kronotop.segment".getBytes(StandardCharsets.US_ASCII));
        b.putLong(0x0102030405060708L);
        b.putLong(7);
        b.putLong(1 << 20);
        b.putLong(1_700_000_000_000L);
        b.putLong(5);
        b.putShort((short) 14);
        b.position(80);
        b.put("bucket-shard-3".getBytes(StandardCharsets.UTF_8));
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 220);
        b.putInt(220, (int) crc.getValue());
        return b.array();
    }

    static SegmentHeader expected() {
        return new SegmentHeader(1, "bucket-shard-3", 0x0102030405060708L, 7, 1 << 20, 1_700_000_000_000L, 5);
    }

    @Test
    void shouldEncodeExactlyTheDocumentedBytes() {
        MemorySegment written = MemorySegment.ofArray(new byte[256]);
        SegmentFileDescriptor.write(written, expected());
        assertThat(written.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).isEqualTo(handBuiltHeader(1));
    }

    @Test
    void shouldDecodeHandBuiltBytes() throws Exception {
        assertThat(SegmentFileDescriptor.read(MemorySegment.ofArray(handBuiltHeader(1)), FILE)).isEqualTo(expected());
    }

    @Test
    void shouldRejectBadMagicWithFileAndOffset() {
        byte[] bytes = handBuiltHeader(1);
        bytes[0] = 'X';
        assertThatThrownBy(() -> SegmentFileDescriptor.read(MemorySegment.ofArray(bytes), FILE))
            .isInstanceOfSatisfying(CorruptSegmentException.class, e -> {
                assertThat(e.file()).isEqualTo(FILE);
                assertThat(e.offset()).isZero();
                assertThat(e.getMessage()).contains(FILE.toString(), "bad magic");
            });
    }

    @Test
    void shouldRejectAHeaderWhoseCrcDoesNotMatch() {
        byte[] bytes = handBuiltHeader(1);
        bytes[SegmentFileDescriptor.SEGMENT_ID_OFFSET] ^= 1;
        assertThatThrownBy(() -> SegmentFileDescriptor.read(MemorySegment.ofArray(bytes), FILE))
            .isInstanceOfSatisfying(CorruptSegmentException.class,
                e -> assertThat(e.offset()).isEqualTo(SegmentFileDescriptor.HEADER_CRC_OFFSET));
    }

    @Test
    void shouldRejectVersionsOutsideTheSupportedRange() {
        for (int version : new int[] {0, SegmentFileDescriptor.CURRENT_VERSION + 1, -1}) {
            assertThatThrownBy(() -> SegmentFileDescriptor.read(MemorySegment.ofArray(handBuiltHeader(version)), FILE))
                .isInstanceOfSatisfying(CorruptSegmentException.class,
                    e -> assertThat(e.offset()).isEqualTo(SegmentFileDescriptor.VERSION_OFFSET));
        }
    }

    @Test
    void shouldRejectATruncatedHeader() {
        assertThatThrownBy(() -> SegmentFileDescriptor.read(MemorySegment.ofArray(new byte[100]), FILE))
            .isInstanceOf(CorruptSegmentException.class).hasMessageContaining("shorter than");
    }

    @Test
    void shouldRejectAVolumeNameLongerThan128Bytes() {
        SegmentHeader header = new SegmentHeader(1, "x".repeat(129), 1, 1, 1 << 20, 0, 1);
        assertThatThrownBy(() -> SegmentFileDescriptor.write(MemorySegment.ofArray(new byte[256]), header))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepEpochSlotsOutsideTheHeaderCrc() throws Exception {
        byte[] bytes = handBuiltHeader(1);
        MemorySegment header = MemorySegment.ofArray(bytes);
        assertThat(SegmentFileDescriptor.maxEpoch(header, expected())).isEqualTo(5);
        assertThat(SegmentFileDescriptor.slotToReplace(header)).isZero();

        SegmentFileDescriptor.writeEpochSlot(header.asSlice(SegmentFileDescriptor.epochSlotOffset(0)), 9);
        ByteBuffer slot = ByteBuffer.wrap(bytes, 224, 16).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(slot.getLong(224)).isEqualTo(9);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 224, 8);
        assertThat(slot.getInt(232)).isEqualTo((int) crc.getValue());
        assertThat(SegmentFileDescriptor.read(header, FILE)).isEqualTo(expected());
        assertThat(SegmentFileDescriptor.maxEpoch(header, expected())).isEqualTo(9);
        assertThat(SegmentFileDescriptor.slotToReplace(header)).isEqualTo(1);

        SegmentFileDescriptor.writeEpochSlot(header.asSlice(SegmentFileDescriptor.epochSlotOffset(1)), 10);
        assertThat(SegmentFileDescriptor.slotToReplace(header)).isZero();
        bytes[248] ^= 1; // a torn write of slot 1 leaves slot 0 in charge
        assertThat(SegmentFileDescriptor.epochSlot(header, 1)).isEqualTo(-1);
        assertThat(SegmentFileDescriptor.maxEpoch(header, expected())).isEqualTo(9);
        assertThat(SegmentFileDescriptor.slotToReplace(header)).isEqualTo(1);
    }
}
