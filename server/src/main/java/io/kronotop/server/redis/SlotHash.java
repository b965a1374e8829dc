package io.kronotop.server.redis;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Redis Cluster's key to slot mapping: CRC16 (XMODEM) of the key, or of the part between the first
 * {@code {} and the next {@code }} when that part is not empty, modulo 16,384. Stateless.
 */
public final class SlotHash {
    public static final int SLOTS = 16384;
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int j = 0; j < 8; j++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private SlotHash() {
    }

    /** The slot of {@code key}. */
    public static int slot(byte[] key) {
        return slot(key, 0, key.length);
    }

    /** The slot of the {@code length} bytes of {@code key} at {@code offset}. */
    public static int slot(byte[] key, int offset, int length) {
        int start = offset;
        int end = offset + length;
        int open = indexOf(key, start, end, (byte) '{');
        if (open >= 0) {
            int close = indexOf(key, open + 1, end, (byte) '}');
            if (close > open + 1) {
                start = open + 1;
                end = close;
            }
        }
        int crc = 0;
        for (int i = start; i < end; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ key[i]) & 0xFF]) & 0xFFFF;
        }
        return crc & (SLOTS - 1);
    }

    /** The slot of the {@code length} bytes of {@code buf} at {@code offset}. */
    public static int slot(ByteBuf buf, int offset, int length) {
        if (buf.hasArray()) {
            return slot(buf.array(), buf.arrayOffset() + offset, length);
        }
        return slot(ByteBufUtil.getBytes(buf, offset, length, true));
    }

    private static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
