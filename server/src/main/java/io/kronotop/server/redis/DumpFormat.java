package io.kronotop.server.redis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The DUMP / RESTORE payload, valid between Kronotop servers (not Redis's RDB encoding). Little-endian:
 * <pre>
 *   +------+-----------------------------+-------+---------+----------+
 *   | type | body                        | 'K''T'| version | CRC32C   |
 *   | 1 B  | string: len u32, bytes      | 2 B   | u16 = 1 | u32 of   |
 *   |      | hash: n u32, n x (len u32,  |       |         | all that |
 *   |      |   field, len u32, value)    |       |         | precedes |
 *   +------+-----------------------------+-------+---------+----------+
 * </pre>
 * No alignment. A payload whose trailer, version or checksum does not match is refused as Redis refuses one.
 */
public final class DumpFormat {
    static final byte TYPE_STRING = 0;
    static final byte TYPE_HASH = 4;
    static final int VERSION = 1;
    private static final int TRAILER_BYTES = 2 + 2 + 4;

    private DumpFormat() {
    }

    public static byte[] dump(RedisValue value) {
        int size = 1 + TRAILER_BYTES;
        if (value instanceof StringValue s) {
            size += 4 + s.length();
        } else {
            size += 4;
            for (var f : ((HashValue) value).fields().entrySet()) {
                size += 8 + f.getKey().bytes().length + f.getValue().length;
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        if (value instanceof StringValue s) {
            buf.put(TYPE_STRING).putInt(s.length()).put(s.array(), 0, s.length());
        } else {
            HashValue h = (HashValue) value;
            buf.put(TYPE_HASH).putInt(h.size());
            for (var f : h.fields().entrySet()) {
                buf.putInt(f.getKey().bytes().length).put(f.getKey().bytes());
                buf.putInt(f.getValue().length).put(f.getValue());
            }
        }
        buf.put((byte) 'K').put((byte) 'T').putShort((short) VERSION);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    /** True when the trailer, version and checksum are right. */
    public static boolean verify(byte[] payload) {
        int n = payload.length;
        if (n < 1 + TRAILER_BYTES) {
            return false;
        }
        ByteBuffer buf = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        if (payload[n - 8] != 'K' || payload[n - 7] != 'T' || buf.getShort(n - 6) != VERSION) {
            return false;
        }
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, n - 4);
        return buf.getInt(n - 4) == (int) crc.getValue();
    }

    /** The value of a verified payload, or null when its body is malformed. */
    public static RedisValue load(byte[] payload) {
        ByteBuffer buf = ByteBuffer.wrap(payload, 0, payload.length - TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try {
            byte type = buf.get();
            if (type == TYPE_STRING) {
                byte[] bytes = new byte[buf.getInt()];
                buf.get(bytes);
                return buf.hasRemaining() ? null : new StringValue(bytes);
            }
            if (type == TYPE_HASH) {
                int count = buf.getInt();
                HashValue h = new HashValue();
                for (int i = 0; i < count; i++) {
                    byte[] field = new byte[buf.getInt()];
                    buf.get(field);
                    byte[] value = new byte[buf.getInt()];
                    buf.get(value);
                    h.put(field, value);
                }
                return buf.hasRemaining() || count == 0 ? null : h;
            }
            return null;
        } catch (RuntimeException e) {
            return null; // lengths that run past the end: malformed
        }
    }
}
