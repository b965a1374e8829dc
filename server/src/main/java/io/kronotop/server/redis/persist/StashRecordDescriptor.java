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
 *    1      1    type: 1 STRING, 2 HASH_FIELD, 3 HASH_EXPIRY
 *    2      2    flags: bit 0 TOMBSTONE (the slot is deleted; no value), other bits 0
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
 * <p>Records travel in packs ({@link StashPack}): one volume entry holds the records of one write batch.
 */
public final class StashRecordDescriptor {
    public static final byte VERSION = 1;
    public static final byte TYPE_STRING = 1;
    public static final byte TYPE_HASH_FIELD = 2;
    public static final byte TYPE_HASH_EXPIRY = 3;
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
        return encode(TYPE_STRING, sequence, key, null, value, expiryAtMs);
    }

    /** A HASH_FIELD record. */
    public static byte[] encodeHashField(long sequence, byte[] key, byte[] field, byte[] value) {
        return encode(TYPE_HASH_FIELD, sequence, key, field, value, NO_EXPIRY);
    }

    /** A HASH_EXPIRY record. */
    public static byte[] encodeHashExpiry(long sequence, byte[] key, long expiryAtMs) {
        return encode(TYPE_HASH_EXPIRY, sequence, key, null, null, expiryAtMs);
    }

    /** A tombstone of a slot: {@code type} names the slot's kind, {@code field} is null unless a HASH_FIELD. */
    public static byte[] encodeTombstone(byte type, long sequence, byte[] key, byte[] field) {
        byte[] bytes = encode(type, sequence, key, field, null, NO_EXPIRY);
        MemorySegment.ofArray(bytes).set(SHORT, FLAGS_OFFSET, FLAG_TOMBSTONE);
        return bytes;
    }

    /** Whether an encoded record is a tombstone. */
    public static boolean isTombstone(byte[] record) {
        return (MemorySegment.ofArray(record).get(SHORT, FLAGS_OFFSET) & FLAG_TOMBSTONE) != 0;
    }

    /** The sequence of an encoded record. */
    public static long sequence(byte[] record) {
        return MemorySegment.ofArray(record).get(LONG, SEQUENCE_OFFSET);
    }

    private static byte[] encode(byte type, long sequence, byte[] key, byte[] field, byte[] value, long expiry) {
        int fieldLength = field == null ? 0 : field.length;
        int valueLength = value == null ? 0 : value.length;
        long length = recordLength(key.length, fieldLength, valueLength);
        if (length > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("stash record of " + length + " bytes is too large");
        }
        byte[] bytes = new byte[(int) length];
        MemorySegment out = MemorySegment.ofArray(bytes);
        out.set(ValueLayout.JAVA_BYTE, VERSION_OFFSET, VERSION);
        out.set(ValueLayout.JAVA_BYTE, TYPE_OFFSET, type);
        out.set(SHORT, FLAGS_OFFSET, (short) 0);
        out.set(INT, KEY_LENGTH_OFFSET, key.length);
        out.set(LONG, SEQUENCE_OFFSET, sequence);
        out.set(LONG, EXPIRY_OFFSET, expiry < 0 ? NO_EXPIRY : expiry);
        out.set(INT, FIELD_LENGTH_OFFSET, fieldLength);
        out.set(INT, VALUE_LENGTH_OFFSET, valueLength);
        System.arraycopy(key, 0, bytes, HEADER_LENGTH, key.length);
        if (fieldLength > 0) {
            System.arraycopy(field, 0, bytes, HEADER_LENGTH + key.length, fieldLength);
        }
        if (valueLength > 0) {
            System.arraycopy(value, 0, bytes, HEADER_LENGTH + key.length + fieldLength, valueLength);
        }
        return bytes;
    }
}
