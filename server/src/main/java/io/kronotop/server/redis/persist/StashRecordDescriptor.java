package io.kronotop.server.redis.persist;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layout of one stash record, the payload of one volume entry of a REDIS shard. Version 1, all integers
 * little-endian, fields naturally aligned inside the 32-byte header; the volume already checks a CRC32C over
 * every payload, so the record has none of its own.
 *
 * <pre>
 *  offset  size  field
 *    0      1    format version (1); readers accept [1, 1]
 *    1      1    type: 1 STRING, 2 HASH_FIELD, 3 HASH_EXPIRY, 4 STRING_PATCH
 *    2      2    flags: bit 0 TOMBSTONE (the slot is deleted; no value); bit 1 BASE (STRING_PATCH only: the patch
 *                applies to the empty string, not to the key's previous value); other bits 0
 *    4      4    key length k (bytes)
 *    8      8    write sequence: per-shard, increasing in command order; the newest record of a key wins
 *   16      8    expiry, absolute ms since the epoch; -1 none (STRING, HASH_EXPIRY; -1 for HASH_FIELD)
 *   24      4    field length f (HASH_FIELD; 0 otherwise)
 *   28      4    value length v (STRING, HASH_FIELD; 0 for HASH_EXPIRY)
 *   32      k    key
 *   32+k    f    field
 *   32+k+f  v    value
 * </pre>
 *
 * A record's length is exactly {@code 32 + k + f + v}. A string key is one STRING record; a hash is one
 * HASH_FIELD record per field plus, while it has an expiry, one HASH_EXPIRY record. A tombstone says that the
 * slot it names (the string, one field, the expiry) is deleted as of its sequence; it has no value.
 *
 * <p>A STRING_PATCH record changes the string slot in place, as SETRANGE, SETBIT, BITFIELD and APPEND do, so that a
 * small change of a large value does not write the whole value. Its value is the patch:
 *
 * <pre>
 *  offset  size  field
 *    0      8    the string's length after the patch (bytes past the previous length are zero unless a range
 *                below sets them)
 *    8     ...   ranges, back to back, each: offset (4), length n (4), n bytes; within the new length
 * </pre>
 *
 * Applied to the value the slot's previous records give (its newest STRING record, or BASE patch, and the patches
 * after it, by sequence), or to the empty string when flagged BASE; the expiry field is the key's expiry after it.
 * A patch without ranges changes only the expiry.
 *
 * <p>Records travel in packs ({@link StashPack}): one volume entry holds the records of one write batch.
 */
public final class StashRecordDescriptor {
    public static final byte VERSION = 1;
    public static final byte TYPE_STRING = 1;
    public static final byte TYPE_HASH_FIELD = 2;
    public static final byte TYPE_HASH_EXPIRY = 3;
    public static final byte TYPE_STRING_PATCH = 4;
    public static final int VERSION_OFFSET = 0;
    public static final int TYPE_OFFSET = 1;
    public static final int FLAGS_OFFSET = 2;
    public static final int KEY_LENGTH_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int EXPIRY_OFFSET = 16;
    public static final int FIELD_LENGTH_OFFSET = 24;
    public static final int VALUE_LENGTH_OFFSET = 28;
    public static final int HEADER_LENGTH = 32;
    /** Flags bit: the record deletes its slot. */
    public static final short FLAG_TOMBSTONE = 1;
    /** Flags bit of a STRING_PATCH: it applies to the empty string (the key did not exist before it). */
    public static final short FLAG_BASE = 2;
    /** A patch's header: the string's length after it. */
    public static final int PATCH_LENGTH_BYTES = 8;
    /** A patch range's header: its offset and its length. */
    public static final int PATCH_RANGE_HEADER = 8;
    /** Expiry field value of a record without expiry. */
    public static final long NO_EXPIRY = -1;

    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private StashRecordDescriptor() {
    }

    /** Total length of a record with these parts. */
    public static long recordLength(int keyLength, int fieldLength, int valueLength) {
        return (long) HEADER_LENGTH + keyLength + fieldLength + valueLength;
    }

    /** A STRING record. */
    public static byte[] encodeString(long sequence, byte[] key, byte[] value, long expiryAtMs) {
        return encodeString(sequence, key, value, value.length, expiryAtMs);
    }

    /** A STRING record of the first {@code valueLength} bytes of {@code value}. */
    public static byte[] encodeString(long sequence, byte[] key, byte[] value, int valueLength, long expiryAtMs) {
        return encode(TYPE_STRING, sequence, key, null, value, valueLength, expiryAtMs);
    }

    /** A HASH_FIELD record. */
    public static byte[] encodeHashField(long sequence, byte[] key, byte[] field, byte[] value) {
        return encode(TYPE_HASH_FIELD, sequence, key, field, value, value.length, NO_EXPIRY);
    }

    /** A HASH_EXPIRY record. */
    public static byte[] encodeHashExpiry(long sequence, byte[] key, long expiryAtMs) {
        return encode(TYPE_HASH_EXPIRY, sequence, key, null, null, 0, expiryAtMs);
    }

    /**
     * The length of a STRING_PATCH record for a key of {@code keyLength} bytes carrying {@code rangeCount} ranges of
     * {@code rangeBytes} bytes in all.
     */
    public static long patchRecordLength(int keyLength, int rangeCount, long rangeBytes) {
        return recordLength(keyLength, 0, 0) + PATCH_LENGTH_BYTES + (long) rangeCount * PATCH_RANGE_HEADER + rangeBytes;
    }

    /**
     * A STRING_PATCH record: the string is {@code value} (its whole array), of which only the {@code count} ranges
     * {@code [ranges[2i], ranges[2i+1])} are written; flagged BASE when {@code base}.
     */
    public static byte[] encodeStringPatch(long sequence, byte[] key, byte[] value, long[] ranges, int count,
                                           long expiryAtMs, boolean base) {
        return encodeStringPatch(sequence, key, value, value.length, ranges, count, expiryAtMs, base);
    }

    /** A STRING_PATCH record of the string made of the first {@code valueLength} bytes of {@code value}. */
    public static byte[] encodeStringPatch(long sequence, byte[] key, byte[] value, int valueLength, long[] ranges,
                                           int count, long expiryAtMs, boolean base) {
        long rangeBytes = 0;
        for (int i = 0; i < count; i++) {
            rangeBytes += ranges[2 * i + 1] - ranges[2 * i];
        }
        long length = patchRecordLength(key.length, count, rangeBytes);
        if (length > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("stash record of " + length + " bytes is too large");
        }
        byte[] bytes = new byte[(int) length];
        MemorySegment out = MemorySegment.ofArray(bytes);
        header(out, TYPE_STRING_PATCH, sequence, key.length, 0, (int) (length - HEADER_LENGTH - key.length),
            expiryAtMs);
        out.set(SHORT, FLAGS_OFFSET, base ? FLAG_BASE : 0);
        System.arraycopy(key, 0, bytes, HEADER_LENGTH, key.length);
        int at = HEADER_LENGTH + key.length;
        out.set(LONG, at, valueLength);
        at += PATCH_LENGTH_BYTES;
        for (int i = 0; i < count; i++) {
            int from = (int) ranges[2 * i];
            int n = (int) (ranges[2 * i + 1] - from);
            out.set(INT, at, from);
            out.set(INT, at + 4, n);
            System.arraycopy(value, from, bytes, at + PATCH_RANGE_HEADER, n);
            at += PATCH_RANGE_HEADER + n;
        }
        return bytes;
    }

    /**
     * The string length a patch body (a STRING_PATCH record's value) leaves, or -1 when the body is malformed: shorter
     * than its header, a range not within that length, or ranges that do not end exactly at the body's end.
     */
    static long patchedLength(MemorySegment body) {
        long size = body.byteSize();
        if (size < PATCH_LENGTH_BYTES) {
            return -1;
        }
        long length = body.get(LONG, 0);
        if (length < 0 || length > Integer.MAX_VALUE - 64) {
            return -1;
        }
        long at = PATCH_LENGTH_BYTES;
        while (at < size) {
            if (size - at < PATCH_RANGE_HEADER) {
                return -1;
            }
            long from = Integer.toUnsignedLong(body.get(INT, at));
            long n = Integer.toUnsignedLong(body.get(INT, at + 4));
            if (from + n > length || size - at - PATCH_RANGE_HEADER < n) {
                return -1;
            }
            at += PATCH_RANGE_HEADER + n;
        }
        return length;
    }

    /**
     * Applies a well-formed patch body ({@link #patchedLength} not -1) to {@code value}: returns the patched string,
     * {@code value} itself when the length is unchanged (then changed in place), else a resized copy.
     */
    static byte[] applyPatch(byte[] value, MemorySegment body) {
        int length = (int) body.get(LONG, 0);
        byte[] out = value.length == length ? value : java.util.Arrays.copyOf(value, length);
        long size = body.byteSize();
        long at = PATCH_LENGTH_BYTES;
        while (at < size) {
            int from = body.get(INT, at);
            int n = body.get(INT, at + 4);
            MemorySegment.copy(body, ValueLayout.JAVA_BYTE, at + PATCH_RANGE_HEADER, out, from, n);
            at += PATCH_RANGE_HEADER + n;
        }
        return out;
    }

    /** A tombstone of a slot: {@code type} names the slot's kind, {@code field} is null unless a HASH_FIELD. */
    public static byte[] encodeTombstone(byte type, long sequence, byte[] key, byte[] field) {
        byte[] bytes = encode(type, sequence, key, field, null, 0, NO_EXPIRY);
        MemorySegment.ofArray(bytes).set(SHORT, FLAGS_OFFSET, FLAG_TOMBSTONE);
        return bytes;
    }

    /** Whether an encoded record is a tombstone. */
    public static boolean isTombstone(byte[] record) {
        return (MemorySegment.ofArray(record).get(SHORT, FLAGS_OFFSET) & FLAG_TOMBSTONE) != 0;
    }

    /** Whether an encoded record is a STRING_PATCH that applies to the string's previous value (not BASE). */
    public static boolean isPatch(byte[] record) {
        MemorySegment r = MemorySegment.ofArray(record);
        return r.get(ValueLayout.JAVA_BYTE, TYPE_OFFSET) == TYPE_STRING_PATCH
            && (r.get(SHORT, FLAGS_OFFSET) & FLAG_BASE) == 0;
    }

    /** The sequence of an encoded record. */
    public static long sequence(byte[] record) {
        return MemorySegment.ofArray(record).get(LONG, SEQUENCE_OFFSET);
    }

    private static byte[] encode(byte type, long sequence, byte[] key, byte[] field, byte[] value, int valueLength,
                                 long expiry) {
        int fieldLength = field == null ? 0 : field.length;
        long length = recordLength(key.length, fieldLength, valueLength);
        if (length > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("stash record of " + length + " bytes is too large");
        }
        byte[] bytes = new byte[(int) length];
        header(MemorySegment.ofArray(bytes), type, sequence, key.length, fieldLength, valueLength, expiry);
        System.arraycopy(key, 0, bytes, HEADER_LENGTH, key.length);
        if (fieldLength > 0) {
            System.arraycopy(field, 0, bytes, HEADER_LENGTH + key.length, fieldLength);
        }
        if (valueLength > 0) {
            System.arraycopy(value, 0, bytes, HEADER_LENGTH + key.length + fieldLength, valueLength);
        }
        return bytes;
    }

    private static void header(MemorySegment out, byte type, long sequence, int keyLength, int fieldLength,
                               int valueLength, long expiry) {
        out.set(ValueLayout.JAVA_BYTE, VERSION_OFFSET, VERSION);
        out.set(ValueLayout.JAVA_BYTE, TYPE_OFFSET, type);
        out.set(SHORT, FLAGS_OFFSET, (short) 0);
        out.set(INT, KEY_LENGTH_OFFSET, keyLength);
        out.set(LONG, SEQUENCE_OFFSET, sequence);
        out.set(LONG, EXPIRY_OFFSET, expiry < 0 ? NO_EXPIRY : expiry);
        out.set(INT, FIELD_LENGTH_OFFSET, fieldLength);
        out.set(INT, VALUE_LENGTH_OFFSET, valueLength);
    }
}
