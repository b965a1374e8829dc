package io.kronotop.volume.format;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

class EntryDescriptorTest {
    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** Entry with payload "hello" (5 bytes), prefix 0x1122334455667788, epoch 3, at offset 0; 40 bytes. */
    static byte[] handBuiltEntry() {
        byte[] payload = {'h', 'e', 'l', 'l', 'o'};
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(5).putInt(0).putLong(0x1122334455667788L).putLong(3).putInt(crc(payload, 0, 5));
        b.putInt(crc(b.array(), 0, 28));
        b.put(payload);
        return b.array();
    }

    @Test
    void shouldRoundRecordLengthsUpToEightBytes() {
        assertThat(EntryDescriptor.recordLength(0)).isEqualTo(32);
        assertThat(EntryDescriptor.recordLength(1)).isEqualTo(40);
        assertThat(EntryDescriptor.recordLength(8)).isEqualTo(40);
        assertThat(EntryDescriptor.recordLength(9)).isEqualTo(48);
    }

    @Test
    void shouldEncodeExactlyTheDocumentedBytes() {
        byte[] expected = handBuiltEntry();
        MemorySegment dst = MemorySegment.ofArray(new byte[40]);
        MemorySegment.copy(MemorySegment.ofArray(expected), 32, dst, 32, 5);
        EntryDescriptor.writeHeader(dst, 0, 5, 0x1122334455667788L, 3, crc(expected, 32, 5));
        assertThat(dst.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(expected);
    }

    @Test
    void shouldDecodeHandBuiltBytes() {
        MemorySegment entry = MemorySegment.ofArray(handBuiltEntry());
        assertThat(EntryDescriptor.tryCheckHeader(entry, 0, 40)).isEqualTo(EntryDescriptor.VALID);
        assertThat(EntryDescriptor.payloadLength(entry, 0)).isEqualTo(5);
        assertThat(EntryDescriptor.prefix(entry, 0)).isEqualTo(0x1122334455667788L);
        assertThat(EntryDescriptor.epoch(entry, 0)).isEqualTo(3);
        assertThat(EntryDescriptor.flags(entry, 0)).isZero();
        assertThat(EntryDescriptor.payloadCrcMatches(entry, 0)).isTrue();
    }

    @Test
    void shouldTellEndFromTornAndTruncatedHeaders() {
        assertThat(EntryDescriptor.tryCheckHeader(MemorySegment.ofArray(new byte[40]), 0, 40))
            .isEqualTo(EntryDescriptor.END);
        byte[] torn = handBuiltEntry();
        torn[9] ^= 4;
        assertThat(EntryDescriptor.tryCheckHeader(MemorySegment.ofArray(torn), 0, 40))
            .isEqualTo(EntryDescriptor.BAD_HEADER_CRC);
        assertThat(EntryDescriptor.tryCheckHeader(MemorySegment.ofArray(handBuiltEntry()), 0, 39))
            .isEqualTo(EntryDescriptor.BAD_LENGTH);
        assertThat(EntryDescriptor.tryCheckHeader(MemorySegment.ofArray(handBuiltEntry()), 0, 31))
            .isEqualTo(EntryDescriptor.BAD_LENGTH);
    }

    @Test
    void shouldRejectUnknownFlagsAndNegativeLengths() {
        byte[] flagged = handBuiltEntry();
        ByteBuffer b = ByteBuffer.wrap(flagged).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(4, 1).putInt(28, crc(flagged, 0, 28));
        assertThat(EntryDescriptor.tryCheckHeader(MemorySegment.ofArray(flagged), 0, 40))
            .isEqualTo(EntryDescriptor.UNKNOWN_FLAGS);
        byte[] negative = handBuiltEntry();
        b = ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, -5).putInt(28, crc(negative, 0, 28));
        assertThat(EntryDescriptor.tryCheckHeader(MemorySegment.ofArray(negative), 0, 40))
            .isEqualTo(EntryDescriptor.BAD_LENGTH);
    }

    @Test
    void shouldDetectAFlippedPayloadBit() {
        byte[] bytes = handBuiltEntry();
        bytes[34] ^= (byte) 0x80;
        MemorySegment entry = MemorySegment.ofArray(bytes);
        assertThat(EntryDescriptor.tryCheckHeader(entry, 0, 40)).isEqualTo(EntryDescriptor.VALID);
        assertThat(EntryDescriptor.payloadCrcMatches(entry, 0)).isFalse();
    }
}
