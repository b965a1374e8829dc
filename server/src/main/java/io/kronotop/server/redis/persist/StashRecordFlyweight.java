package io.kronotop.server.redis.persist;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.kronotop.server.redis.persist.StashRecordDescriptor.EXPIRY_OFFSET;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.FIELD_LENGTH_OFFSET;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.FLAGS_OFFSET;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.FLAG_BASE;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.FLAG_TOMBSTONE;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.HEADER_LENGTH;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.INT;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.KEY_LENGTH_OFFSET;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.LONG;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.SEQUENCE_OFFSET;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.SHORT;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_HASH_EXPIRY;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_HASH_FIELD;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_OFFSET;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_STRING;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_STRING_PATCH;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.VALUE_LENGTH_OFFSET;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.VERSION;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.VERSION_OFFSET;

/**
 * A view over one stash record ({@link StashRecordDescriptor}). {@link #tryWrap} checks the version, type, flags
 * and that the lengths add up to the record's size before any part is read; {@link #tryWrapAt} does the same for a
 * record inside a pack, whose size it finds from the header. Reused; wrap per record, do not keep.
 */
final class StashRecordFlyweight {
    private MemorySegment record;
    private int keyLength;
    private int fieldLength;
    private int valueLength;

    /** Wraps {@code segment}; false (and nothing readable) when it is not a valid version-1 record. */
    boolean tryWrap(MemorySegment segment) {
        return tryWrapAt(segment, 0) == segment.byteSize();
    }

    /**
     * Wraps the record at {@code offset} of {@code segment} and returns its length; -1 (and nothing readable)
     * when no valid record starts there or it runs past the segment's end.
     */
    long tryWrapAt(MemorySegment container, long offset) {
        record = null;
        if (offset < 0 || container.byteSize() - offset < HEADER_LENGTH) {
            return -1;
        }
        MemorySegment segment = container.asSlice(offset);
        byte version = segment.get(ValueLayout.JAVA_BYTE, VERSION_OFFSET);
        byte type = segment.get(ValueLayout.JAVA_BYTE, TYPE_OFFSET);
        short flags = segment.get(SHORT, FLAGS_OFFSET);
        if (version != VERSION
            || (type != TYPE_STRING && type != TYPE_HASH_FIELD && type != TYPE_HASH_EXPIRY
                && type != TYPE_STRING_PATCH)
            || (flags & ~(type == TYPE_STRING_PATCH ? FLAG_BASE : FLAG_TOMBSTONE)) != 0) {
            return -1;
        }
        int k = segment.get(INT, KEY_LENGTH_OFFSET);
        int f = segment.get(INT, FIELD_LENGTH_OFFSET);
        int v = segment.get(INT, VALUE_LENGTH_OFFSET);
        long length = StashRecordDescriptor.recordLength(k, f, v);
        if (k < 0 || f < 0 || v < 0 || length > segment.byteSize()
            || (type != TYPE_HASH_FIELD && f != 0) || (type == TYPE_HASH_EXPIRY && v != 0)
            || ((flags & FLAG_TOMBSTONE) != 0 && v != 0)) {
            return -1;
        }
        if (type == TYPE_STRING_PATCH && StashRecordDescriptor.patchedLength(
            segment.asSlice((long) HEADER_LENGTH + k, v)) < 0) {
            return -1;
        }
        record = segment.asSlice(0, length);
        keyLength = k;
        fieldLength = f;
        valueLength = v;
        return length;
    }

    boolean tombstone() {
        return (record.get(SHORT, FLAGS_OFFSET) & FLAG_TOMBSTONE) != 0;
    }

    /** A STRING_PATCH that applies to the empty string. */
    boolean base() {
        return (record.get(SHORT, FLAGS_OFFSET) & FLAG_BASE) != 0;
    }

    /** The whole record, a zero-copy slice. */
    MemorySegment bytes() {
        return record;
    }

    byte type() {
        return record.get(ValueLayout.JAVA_BYTE, TYPE_OFFSET);
    }

    long sequence() {
        return record.get(LONG, SEQUENCE_OFFSET);
    }

    /** Absolute expiry in ms, or {@link StashRecordDescriptor#NO_EXPIRY}. */
    long expiryAtMs() {
        long expiry = record.get(LONG, EXPIRY_OFFSET);
        return expiry < 0 ? StashRecordDescriptor.NO_EXPIRY : expiry;
    }

    byte[] key() {
        return record.asSlice(HEADER_LENGTH, keyLength).toArray(ValueLayout.JAVA_BYTE);
    }

    byte[] field() {
        return record.asSlice(HEADER_LENGTH + keyLength, fieldLength).toArray(ValueLayout.JAVA_BYTE);
    }

    /** The value as a zero-copy slice of the record. */
    MemorySegment value() {
        return record.asSlice((long) HEADER_LENGTH + keyLength + fieldLength, valueLength);
    }
}
