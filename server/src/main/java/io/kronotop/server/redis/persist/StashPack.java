package io.kronotop.server.redis.persist;

import com.apple.foundationdb.tuple.Versionstamp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
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
 *    2      2    flags: 0, or {@link #FLAG_ORDERED}
 *    4      4    record count n
 *    8      8    reserved, 0
 *   16      ...  n records
 *   end-12 12    with {@link #FLAG_ORDERED} only: the pack's place in the shard's log, a versionstamp
 * </pre>
 *
 * One pack is written with one volume append (or, staged, in one metastore commit), so its records become durable
 * together or not at all. A pack's place in the log is its id (the versionstamp of the commit that made it durable),
 * except for a staged pack moved into the volume later: that copy carries the staged pack's id at its end, since it
 * must keep the place the staged pack had (see {@link ShardPersistence}).
 */
final class StashPack {
    static final byte FORMAT = 2;
    static final int HEADER_LENGTH = 16;
    static final int COUNT_OFFSET = 4;
    static final short FLAG_ORDERED = 1;
    static final int ORDER_LENGTH = 12;

    private StashPack() {
    }

    /** Whether {@code payload} is a pack (else it may be a bare record). */
    static boolean isPack(MemorySegment payload) {
        if (payload.byteSize() < HEADER_LENGTH || payload.get(ValueLayout.JAVA_BYTE, 0) != FORMAT
            || payload.get(ValueLayout.JAVA_BYTE, 1) != 0) {
            return false;
        }
        short flags = payload.get(SHORT, 2);
        return flags == 0 || (flags == FLAG_ORDERED && payload.byteSize() >= HEADER_LENGTH + ORDER_LENGTH);
    }

    /** Where a pack's records end: before the order trailer, if it has one. */
    static long recordsEnd(MemorySegment pack) {
        return pack.get(SHORT, 2) == FLAG_ORDERED ? pack.byteSize() - ORDER_LENGTH : pack.byteSize();
    }

    /** The place in the log a moved pack carries, or null for a pack whose place is its id. */
    static Versionstamp order(MemorySegment pack) {
        if (pack.get(SHORT, 2) != FLAG_ORDERED) {
            return null;
        }
        return Versionstamp.fromBytes(pack.asSlice(pack.byteSize() - ORDER_LENGTH, ORDER_LENGTH)
            .toArray(ValueLayout.JAVA_BYTE));
    }

    /** A copy of {@code pack} (without a trailer) that carries {@code order} as its place in the log. */
    static byte[] withOrder(byte[] pack, Versionstamp order) {
        byte[] out = Arrays.copyOf(pack, pack.length + ORDER_LENGTH);
        MemorySegment.ofArray(out).set(SHORT, 2, FLAG_ORDERED);
        System.arraycopy(order.getBytes(), 0, out, pack.length, ORDER_LENGTH);
        return out;
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
