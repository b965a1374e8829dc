package io.kronotop.perf.cluster;

/**
 * Redis Cluster key slots: CRC16 (XMODEM polynomial 0x1021) of the key, or of its hash tag, modulo 16384.
 * A hash tag is the part between the first {@code {} and the next {@code }} when it is not empty.
 */
public final class SlotHash {
    public static final int SLOTS = 16384;

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xffff;
        }
    }

    private SlotHash() {
    }

    /** CRC16/XMODEM of {@code bytes[from, to)}. */
    public static int crc16(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ bytes[i]) & 0xff]) & 0xffff;
        }
        return crc;
    }

    /** The slot of the key held in {@code key[0, length)}, honouring hash tags. */
    public static int slot(byte[] key, int length) {
        int open = -1;
        for (int i = 0; i < length; i++) {
            if (key[i] == '{') {
                open = i;
                break;
            }
        }
        if (open >= 0) {
            for (int close = open + 1; close < length; close++) {
                if (key[close] == '}') {
                    if (close > open + 1) {
                        return crc16(key, open + 1, close) & (SLOTS - 1);
                    }
                    break;
                }
            }
        }
        return crc16(key, 0, length) & (SLOTS - 1);
    }

    /** Convenience for tests and control paths. */
    public static int slot(String key) {
        byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return slot(bytes, bytes.length);
    }
}
