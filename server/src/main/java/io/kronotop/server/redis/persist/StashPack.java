package io.kronotop.server.redis.persist;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static io.kronotop.server.redis.persist.StashRecordDescriptor.INT;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.SHORT;

/**
 * Layout of a pack: the payload of one volume entry of a REDIS shard, holding the records of one write batch
 * ({@link StashRecordDescriptor}) back to back. Little-endian:
 *
 * <pre>
 *  offset  size  field
 *    0      1    pack format (2); a bare version-1 record, written by earlier releases, starts with 1
 *    1      1    reserved, 0
 *    2      2    flags, 0
 *    4      4    record count n
 *    8      8    reserved, 0
 *   16      ...  n records
 * </pre>
 *
 * One pack is written with one volume append, so its records become durable together or not at all.
 */
final class StashPack {
    static final byte FORMAT = 2;
    static final int HEADER_LENGTH = 16;
    static final int COUNT_OFFSET = 4;

    private StashPack() {
    }

    /** Whether {@code payload} is a pack (else it may be a bare record). */
    static boolean isPack(MemorySegment payload) {
        return payload.byteSize() >= HEADER_LENGTH && payload.get(ValueLayout.JAVA_BYTE, 0) == FORMAT
            && payload.get(ValueLayout.JAVA_BYTE, 1) == 0 && payload.get(SHORT, 2) == 0;
    }

    /** Record count of a pack. */
    static int count(MemorySegment pack) {
        return pack.get(INT, COUNT_OFFSET);
    }

    /**
     * An empty pack of {@code count} records whose lengths add up to {@code bytes}: the header written, the records
     * to be copied in after it, back to back.
     */
    static byte[] allocate(int count, long bytes) {
        long length = HEADER_LENGTH + bytes;
        if (length > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("stash pack of " + length + " bytes is too large");
        }
        byte[] out = new byte[(int) length];
        out[0] = FORMAT;
        MemorySegment.ofArray(out).set(INT, COUNT_OFFSET, count);
        return out;
    }

    /** A pack of {@code records[from, to)}, whose lengths add up to {@code bytes}. */
    static byte[] encode(List<byte[]> records, int from, int to, long bytes) {
        byte[] out = allocate(to - from, bytes);
        int at = HEADER_LENGTH;
        for (int i = from; i < to; i++) {
            byte[] record = records.get(i);
            System.arraycopy(record, 0, out, at, record.length);
            at += record.length;
        }
        return out;
    }
}
