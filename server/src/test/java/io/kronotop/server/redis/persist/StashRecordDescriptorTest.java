package io.kronotop.server.redis.persist;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static io.kronotop.server.redis.persist.StashFixture.b;
import static org.assertj.core.api.Assertions.assertThat;

class StashRecordDescriptorTest {
    private static byte[] handBuilt(int type, long sequence, long expiry, byte[] key, byte[] field, byte[] value) {
        ByteBuffer buffer = ByteBuffer.allocate(32 + key.length + field.length + value.length)
            .order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 1).put((byte) type).putShort((short) 0).putInt(key.length).putLong(sequence)
            .putLong(expiry).putInt(field.length).putInt(value.length).put(key).put(field).put(value);
        return buffer.array();
    }

    @Test
    void shouldEncodeAStringRecordAsTheLayoutSays() {
        byte[] encoded = StashRecordDescriptor.encodeString(0x0102030405060708L, b("key"), b("value"), 1234);
        assertThat(encoded).isEqualTo(handBuilt(1, 0x0102030405060708L, 1234, b("key"), new byte[0], b("value")));
        assertThat(encoded[8]).as("little-endian sequence").isEqualTo((byte) 0x08);
    }

    @Test
    void shouldEncodeHashRecordsAsTheLayoutSays() {
        assertThat(StashRecordDescriptor.encodeHashField(9, b("h"), b("field"), b("v")))
            .isEqualTo(handBuilt(2, 9, -1, b("h"), b("field"), b("v")));
        assertThat(StashRecordDescriptor.encodeHashExpiry(10, b("h"), 99))
            .isEqualTo(handBuilt(3, 10, 99, b("h"), new byte[0], new byte[0]));
        assertThat(StashRecordDescriptor.encodeString(1, b("k"), new byte[0], -7))
            .as("any negative expiry is stored as none").isEqualTo(handBuilt(1, 1, -1, b("k"), new byte[0],
                new byte[0]));
    }

    @Test
    void shouldReadBackHandBuiltRecords() {
        StashRecordFlyweight flyweight = new StashRecordFlyweight();
        byte[] binaryKey = {0, (byte) 0xFF, 10, 13};
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(handBuilt(2, 77, -1, binaryKey, b("f"), b("val")))))
            .isTrue();
        assertThat(flyweight.type()).isEqualTo(StashRecordDescriptor.TYPE_HASH_FIELD);
        assertThat(flyweight.sequence()).isEqualTo(77);
        assertThat(flyweight.expiryAtMs()).isEqualTo(-1);
        assertThat(flyweight.key()).isEqualTo(binaryKey);
        assertThat(flyweight.field()).isEqualTo(b("f"));
        assertThat(flyweight.value().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(b("val"));

        assertThat(flyweight.tryWrap(MemorySegment.ofArray(handBuilt(1, 1, 5, b("k"), new byte[0], new byte[0]))))
            .isTrue();
        assertThat(flyweight.expiryAtMs()).isEqualTo(5);
        assertThat(flyweight.value().byteSize()).isZero();
    }

    @Test
    void shouldRejectRecordsThatDoNotAddUp() {
        StashRecordFlyweight flyweight = new StashRecordFlyweight();
        byte[] good = handBuilt(1, 1, -1, b("key"), new byte[0], b("value"));
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(good))).isTrue();
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(Arrays.copyOf(good, 31)))).as("short header").isFalse();
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(Arrays.copyOf(good, good.length - 1)))).isFalse();
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(Arrays.copyOf(good, good.length + 1)))).isFalse();
        byte[] version = good.clone();
        version[0] = 2;
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(version))).as("unknown version").isFalse();
        byte[] type = good.clone();
        type[1] = 4;
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(type))).as("unknown type").isFalse();
        byte[] flags = good.clone();
        flags[2] = 1;
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(flags))).as("unknown flags").isFalse();
        byte[] negative = good.clone();
        negative[7] = (byte) 0x80;
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(negative))).as("negative key length").isFalse();
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(handBuilt(1, 1, -1, b("k"), b("f"), b("v")))))
            .as("a string has no field").isFalse();
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(handBuilt(3, 1, 5, b("k"), new byte[0], b("v")))))
            .as("an expiry record has no value").isFalse();
    }

    /** A patch body as the layout says: the new length, then (offset, length, bytes) ranges. */
    private static byte[] patchBody(long length, Object... ranges) {
        ByteBuffer buffer = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(length);
        for (int i = 0; i < ranges.length; i += 2) {
            byte[] bytes = (byte[]) ranges[i + 1];
            buffer.putInt((Integer) ranges[i]).putInt(bytes.length).put(bytes);
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static byte[] handBuiltPatch(short flags, long sequence, long expiry, byte[] key, byte[] body) {
        byte[] record = handBuilt(4, sequence, expiry, key, new byte[0], body);
        record[2] = (byte) flags;
        return record;
    }

    @Test
    void shouldEncodeAStringPatchAsTheLayoutSays() {
        byte[] value = b("0123456789abcdef");
        long[] ranges = {2, 4, 10, 11};
        assertThat(StashRecordDescriptor.encodeStringPatch(5, b("k"), value, ranges, 2, 77, false))
            .isEqualTo(handBuiltPatch((short) 0, 5, 77, b("k"), patchBody(16, 2, b("23"), 10, b("a"))));
        assertThat(StashRecordDescriptor.encodeStringPatch(6, b("k"), value, ranges, 0, -1, true))
            .as("no ranges (an expiry alone), flagged BASE")
            .isEqualTo(handBuiltPatch((short) 2, 6, -1, b("k"), patchBody(16)));
        byte[] encoded = StashRecordDescriptor.encodeStringPatch(5, b("k"), value, ranges, 2, 77, false);
        assertThat(encoded.length).isEqualTo(StashRecordDescriptor.patchRecordLength(1, 2, 3));
        assertThat(StashRecordDescriptor.isPatch(encoded)).isTrue();
        assertThat(StashRecordDescriptor.isPatch(
            StashRecordDescriptor.encodeStringPatch(5, b("k"), value, ranges, 2, 77, true)))
            .as("a BASE patch stands alone, like a full record").isFalse();
        assertThat(StashRecordDescriptor.isTombstone(encoded)).isFalse();
    }

    @Test
    void shouldReadAndApplyPatches() {
        StashRecordFlyweight flyweight = new StashRecordFlyweight();
        byte[] record = handBuiltPatch((short) 2, 9, 5, b("k"), patchBody(8, 1, b("xy"), 6, b("z")));
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(record))).isTrue();
        assertThat(flyweight.type()).isEqualTo(StashRecordDescriptor.TYPE_STRING_PATCH);
        assertThat(flyweight.base()).isTrue();
        assertThat(flyweight.tombstone()).isFalse();
        assertThat(flyweight.expiryAtMs()).isEqualTo(5);
        assertThat(StashRecordDescriptor.applyPatch(new byte[0], flyweight.value()))
            .isEqualTo(new byte[]{0, 'x', 'y', 0, 0, 0, 'z', 0});

        byte[] value = b("abcd");
        byte[] same = StashRecordDescriptor.applyPatch(value,
            MemorySegment.ofArray(patchBody(4, 0, b("Z"))));
        assertThat(same).as("same length: changed in place").isSameAs(value).isEqualTo(b("Zbcd"));
        assertThat(StashRecordDescriptor.applyPatch(b("abcd"), MemorySegment.ofArray(patchBody(6, 5, b("!")))))
            .as("grown with zeros").isEqualTo(new byte[]{'a', 'b', 'c', 'd', 0, '!'});
    }

    @Test
    void shouldRejectPatchesThatDoNotAddUp() {
        StashRecordFlyweight flyweight = new StashRecordFlyweight();
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(handBuiltPatch((short) 0, 1, -1, b("k"),
            patchBody(4, 3, b("xy")))))).as("a range past the new length").isFalse();
        byte[] body = patchBody(8, 1, b("xy"));
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(handBuiltPatch((short) 0, 1, -1, b("k"),
            Arrays.copyOf(body, body.length - 1))))).as("a range cut short").isFalse();
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(handBuiltPatch((short) 0, 1, -1, b("k"),
            new byte[7])))).as("no length").isFalse();
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(handBuiltPatch((short) 1, 1, -1, b("k"),
            patchBody(8))))).as("a patch is never a tombstone").isFalse();
        byte[] baseString = handBuilt(1, 1, -1, b("k"), new byte[0], b("v"));
        baseString[2] = 2;
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(baseString))).as("BASE on a STRING record").isFalse();
        assertThat(flyweight.tryWrap(MemorySegment.ofArray(handBuiltPatch((short) 0, 1, -1, b("k"),
            patchBody(8, 1, b("xy"), 7, b("q")))))).isTrue();
    }
}
