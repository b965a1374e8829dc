package io.kronotop.metastore;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Layout of the write-ahead log. All integers little-endian; no alignment.
 *
 * <pre>
 * file   := header record*
 * header := magic "KMSWAL01" (8) | format version u32 (4) | start version i64 (8) | crc32c of the 20 bytes (4)
 * record := payload length u32 (4) | crc32c of payload (4) | payload
 * payload:= commit version i64 (8) | op count u32 (4) | op*
 * op     := type u8 (1: set, 2: clear range) | key length u32 | key | value-or-end length u32 | value-or-end
 * </pre>
 *
 * A record is one commit batch: all of its transactions become durable, and visible after recovery, together.
 * Recovery stops at the first record whose length runs past the end of the file or whose checksum fails.
 */
final class WalDescriptor {
    static final byte[] MAGIC = "KMSWAL01".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 24;
    static final int FRAME_BYTES = 8;
    static final int MAX_RECORD_BYTES = 256 * 1024 * 1024;
    static final byte OP_SET = 1;
    static final byte OP_CLEAR_RANGE = 2;

    private WalDescriptor() {
    }

    static ByteBuffer header(long startVersion) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(FORMAT_VERSION).putLong(startVersion);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 20);
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    /** @return the start version, or -1 if the header is invalid */
    static long readHeader(ByteBuffer b) {
        if (b.remaining() < HEADER_BYTES) {
            return -1;
        }
        ByteBuffer h = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] first = new byte[20];
        h.get(first);
        CRC32C crc = new CRC32C();
        crc.update(first);
        if ((int) crc.getValue() != h.getInt()) {
            return -1;
        }
        ByteBuffer f = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        f.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC) || f.getInt() != FORMAT_VERSION) {
            return -1;
        }
        return f.getLong();
    }

    /** Builds one framed record in a reusable buffer. Commit thread only. */
    static final class Encoder {
        private ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private int ops;
        private final CRC32C crc = new CRC32C();

        void begin(long version) {
            buf.clear();
            buf.position(FRAME_BYTES);
            buf.putLong(version);
            buf.putInt(0);
            ops = 0;
        }

        void set(byte[] key, byte[] value) {
            op(OP_SET, key, value);
        }

        void clearRange(byte[] begin, byte[] end) {
            op(OP_CLEAR_RANGE, begin, end);
        }

        private void op(byte type, byte[] a, byte[] b) {
            ensure(9 + a.length + b.length);
            buf.put(type).putInt(a.length).put(a).putInt(b.length).put(b);
            ops++;
        }

        boolean isEmpty() {
            return ops == 0;
        }

        /** @return the framed record, positioned for writing */
        ByteBuffer finish() {
            int end = buf.position();
            buf.putInt(FRAME_BYTES + 8, ops);
            int payload = end - FRAME_BYTES;
            crc.reset();
            ByteBuffer p = buf.duplicate();
            p.position(FRAME_BYTES).limit(end);
            crc.update(p);
            buf.putInt(0, payload);
            buf.putInt(4, (int) crc.getValue());
            ByteBuffer out = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            out.position(0).limit(end);
            return out;
        }

        /** @return a copy of the framed record */
        byte[] finishToArray() {
            ByteBuffer record = finish();
            byte[] out = new byte[record.remaining()];
            record.get(out);
            return out;
        }

        private void ensure(int n) {
            if (buf.remaining() < n) {
                int cap = Math.max(buf.capacity() * 2, buf.position() + n);
                ByteBuffer bigger = ByteBuffer.allocate(cap).order(ByteOrder.LITTLE_ENDIAN);
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }
    }
}
