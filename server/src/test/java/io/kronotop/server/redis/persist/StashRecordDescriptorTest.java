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
}
